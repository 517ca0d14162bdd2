import { Alert, Typography } from '@mui/material';
import { Create, DateTimeInput, FormDataConsumer, SelectInput, SimpleForm, TextInput, email, maxLength, required, useTranslate } from 'react-admin';
import { CORRECTABLE, REQUEST_KINDS, SUBJECT_KINDS } from './types';

const P = 'lockstep.privacy.requests';
const isFuture = (value: unknown) => (value && new Date(String(value)).getTime() <= Date.now() ? 'ra.validation.invalid' : undefined);

/** Drops empty corrections (and all of them unless rectifying), and an empty deadline, before the POST. */
export function toRequestBody(data: Record<string, any>): Record<string, unknown> {
  const corrections = Object.fromEntries(Object.entries(data.corrections ?? {}).filter(([, v]) => typeof v === 'string' && v.trim() !== ''));
  return {
    kind: data.kind,
    subject: { kind: data.subject?.kind, value: String(data.subject?.value ?? '').trim() },
    ...(data.kind === 'rectification' ? { corrections } : {}),
    ...(data.note?.trim() ? { note: data.note.trim() } : {}),
    ...(data.dueAt ? { dueAt: new Date(data.dueAt).toISOString() } : {}),
  };
}

/** Records a request as the person made it; the server validates again and answers field errors with codes. */
export function RequestCreate() {
  const translate = useTranslate();
  return (
    <Create redirect="show" transform={toRequestBody} title={translate(`${P}.new_title`)}>
      <SimpleForm defaultValues={{ kind: 'access', subject: { kind: 'userId' } }}>
        <Alert severity="info" sx={{ mb: 2 }}>{translate(`${P}.create_help`)}</Alert>
        <SelectInput source="kind" choices={REQUEST_KINDS.map((k) => ({ id: k, name: translate(`${P}.kinds.${k}`) }))} translateChoice={false} validate={required()} />
        <SelectInput source="subject.kind" choices={SUBJECT_KINDS.map((k) => ({ id: k, name: translate(`${P}.subject_kinds.${k}`) }))} translateChoice={false} validate={required()} />
        <FormDataConsumer>
          {({ formData }) => (
            <TextInput source="subject.value" validate={formData.subject?.kind === 'email' ? [required(), email(), maxLength(320)] : [required(), maxLength(320)]} fullWidth />
          )}
        </FormDataConsumer>
        <FormDataConsumer>
          {({ formData }) => formData.kind === 'rectification' ? (
            <>
              <Typography variant="subtitle2" sx={{ mt: 1 }}>{translate(`${P}.corrections_title`)}</Typography>
              <Typography variant="caption" color="text.secondary">{translate(`${P}.corrections_help`)}</Typography>
              {CORRECTABLE.map((f) => <TextInput key={f} source={`corrections.${f}`} validate={f === 'email' ? [email(), maxLength(320)] : [maxLength(f === 'address' ? 500 : 200)]} fullWidth />)}
            </>
          ) : null}
        </FormDataConsumer>
        <TextInput source="note" multiline validate={maxLength(1000)} fullWidth />
        <DateTimeInput source="dueAt" helperText={translate(`${P}.due_help`)} validate={isFuture} />
      </SimpleForm>
    </Create>
  );
}
