import { Edit, required, SelectInput, SimpleForm, TextInput } from 'react-admin';
import type { User } from '../../types';
import { ROLE_CHOICES } from './roles';

/** The contract lets an update change `name` and `role` only. */
const toUpdate = ({ name, role }: User) => ({ name, role });

export function UserEdit() {
  return (
    <Edit transform={toUpdate} mutationMode="pessimistic">
      <SimpleForm>
        <TextInput source="email" disabled />
        <TextInput source="name" validate={required()} />
        <SelectInput source="role" choices={ROLE_CHOICES} validate={required()} />
      </SimpleForm>
    </Edit>
  );
}
