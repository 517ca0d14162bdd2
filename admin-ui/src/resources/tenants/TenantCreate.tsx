import { Create, maxLength, regex, required, SimpleForm, TextInput } from 'react-admin';

const slugRules = [required(), maxLength(63), regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'lockstep.validation.slug')];

export function TenantCreate() {
  return (
    <Create redirect="list">
      <SimpleForm>
        <TextInput source="name" validate={required()} />
        <TextInput source="slug" validate={slugRules} helperText="lockstep.tenants.slug_help" />
      </SimpleForm>
    </Create>
  );
}
