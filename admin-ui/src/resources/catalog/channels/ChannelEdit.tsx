import { Edit } from 'react-admin';
import type { Channel } from '../../../types';
import { ChannelForm } from './ChannelForm';

/** The API lets an update change `name` and `kind`; the key stays. */
const toUpdate = ({ name, kind }: Channel) => ({ name, kind });

export function ChannelEdit() {
  return (
    <Edit transform={toUpdate} mutationMode="pessimistic">
      <ChannelForm isEdit />
    </Edit>
  );
}
