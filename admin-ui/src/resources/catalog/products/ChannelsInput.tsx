import { SelectArrayInput, useGetList } from 'react-admin';
import type { Channel } from '../../../types';

/** A product's `channels` are channel keys; the choices come from the tenant's channels. */
export function ChannelsInput({ source }: { source: string }) {
  const { data, isPending } = useGetList<Channel>('catalog/channels', {
    pagination: { page: 1, perPage: 200 },
    sort: { field: 'name', order: 'ASC' },
  });
  return (
    <SelectArrayInput
      source={source}
      choices={data ?? []}
      optionValue="key"
      optionText="name"
      translateChoice={false}
      isPending={isPending}
    />
  );
}
