import { maxLength, minValue, NumberInput, regex, required, SimpleForm, TextInput } from 'react-admin';
import { ChannelsInput } from './ChannelsInput';

const currencyRules = [required(), regex(/^[A-Z]{3}$/, 'lockstep.validation.currency')];
/** Keep an emptied description as '' (react-admin's default would send null, which the API refuses). */
const keepEmpty = (value: string) => value;

/** Fields shared by product create and edit. */
export function ProductForm() {
  return (
    <SimpleForm defaultValues={{ currency: 'EUR', stock: 0, channels: [] }}>
      <TextInput source="sku" validate={[required(), maxLength(64)]} />
      <TextInput source="title" validate={[required(), maxLength(300)]} />
      <TextInput source="description" multiline minRows={2} parse={keepEmpty} validate={maxLength(5000)} />
      <NumberInput source="price" validate={[required(), minValue(0)]} step={0.01} />
      <TextInput source="currency" validate={currencyRules} />
      <NumberInput source="stock" validate={minValue(0)} step={1} />
      <ChannelsInput source="channels" />
    </SimpleForm>
  );
}
