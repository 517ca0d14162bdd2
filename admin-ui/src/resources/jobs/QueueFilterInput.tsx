import { useAbility } from '@casl/react';
import { SelectInput, TextInput, useGetList } from 'react-admin';
import type { LockstepAbility } from '../../auth/ability';
import type { Queue } from '../../types';

/** Queue filter: a select of known queues when the user may read queues, else free text. */
export function QueueFilterInput({ source, alwaysOn }: { source: string; alwaysOn?: boolean }) {
  const ability = useAbility<LockstepAbility>();
  const canReadQueues = ability.can('read', 'Queue');
  const { data } = useGetList<Queue>(
    'queues',
    { pagination: { page: 1, perPage: 100 }, sort: { field: 'name', order: 'ASC' } },
    { enabled: canReadQueues },
  );
  if (!canReadQueues) return <TextInput source={source} alwaysOn={alwaysOn} />;
  const choices = (data ?? []).map((queue) => ({ id: queue.name, name: queue.name }));
  return <SelectInput source={source} choices={choices} translateChoice={false} alwaysOn={alwaysOn} />;
}
