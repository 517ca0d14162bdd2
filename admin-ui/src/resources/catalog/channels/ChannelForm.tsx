import { regex, required, SelectInput, SimpleForm, TextInput } from 'react-admin';
import { CHANNEL_KIND_CHOICES } from './kinds';

const keyRules = [required(), regex(/^[a-z0-9_-]{2,40}$/, 'lockstep.validation.key')];

/** Fields shared by channel create and edit; the key is fixed once the channel exists. */
export function ChannelForm({ isEdit = false }: { isEdit?: boolean }) {
  return (
    <SimpleForm defaultValues={{ kind: 'web' }}>
      <TextInput source="key" validate={keyRules} disabled={isEdit} />
      <TextInput source="name" validate={required()} />
      <SelectInput source="kind" choices={CHANNEL_KIND_CHOICES} validate={required()} />
    </SimpleForm>
  );
}
