import { Create, email, minLength, PasswordInput, required, SelectInput, SimpleForm, TextInput } from 'react-admin';
import { ROLE_CHOICES } from './roles';

export function UserCreate() {
  return (
    <Create redirect="list">
      <SimpleForm defaultValues={{ role: 'analyst' }}>
        <TextInput source="email" type="email" validate={[required(), email()]} autoComplete="off" />
        <TextInput source="name" validate={required()} />
        <SelectInput source="role" choices={ROLE_CHOICES} validate={required()} />
        <PasswordInput source="password" validate={[required(), minLength(10)]} autoComplete="new-password" />
      </SimpleForm>
    </Create>
  );
}
