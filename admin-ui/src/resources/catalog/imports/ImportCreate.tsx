import { Create, required, SimpleForm, TextInput } from 'react-admin';
import { parseProducts } from './parseProducts';

const EXAMPLE = JSON.stringify([{ sku: 'TSHIRT-M', title: 'T-shirt M', price: 19.9, currency: 'EUR', stock: 10, channels: ['web'] }], null, 2);

/** react-admin validator: the translation key of the problem, or undefined when the JSON is usable. */
function validProducts(text: string): string | undefined {
  const parsed = parseProducts(text ?? '');
  return typeof parsed === 'string' ? parsed : undefined;
}

/** `POST /api/plugins/catalog/imports {products}`: queues a background job that upserts products by SKU. */
const toImport = ({ products }: { products: string }) => ({ products: parseProducts(products) });

export function ImportCreate() {
  return (
    <Create redirect="list" transform={toImport}>
      <SimpleForm>
        <TextInput
          source="products"
          label="lockstep.catalog.import_json"
          helperText="lockstep.catalog.import_help"
          multiline
          placeholder={EXAMPLE}
          minRows={10}
          validate={[required(), validProducts]}
          sx={{ '& textarea': { fontFamily: 'monospace', fontSize: 13 } }}
        />
      </SimpleForm>
    </Create>
  );
}
