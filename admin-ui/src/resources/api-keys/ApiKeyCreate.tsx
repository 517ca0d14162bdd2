import { useState } from 'react';
import { Create, required, SelectInput, SimpleForm, TextInput, useRedirect } from 'react-admin';
import type { ApiKey } from '../../types';
import { CreatedKeyDialog } from './CreatedKeyDialog';
import { KEY_KIND_CHOICES } from './kinds';

/** Creates a key, then shows the full key once in a dialog before going back to the list. */
export function ApiKeyCreate() {
  const [created, setCreated] = useState<string | null>(null);
  const redirect = useRedirect();
  return (
    <>
      <Create<ApiKey> mutationOptions={{ onSuccess: (key) => setCreated(key.key ?? '') }}>
        <SimpleForm defaultValues={{ kind: 'publishable' }}>
          <TextInput source="name" validate={required()} />
          <SelectInput source="kind" choices={KEY_KIND_CHOICES} validate={required()} />
        </SimpleForm>
      </Create>
      <CreatedKeyDialog
        apiKey={created}
        onClose={() => {
          setCreated(null);
          redirect('list', 'api-keys');
        }}
      />
    </>
  );
}
