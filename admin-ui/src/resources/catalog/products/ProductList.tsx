import { DataTable, DateField, List, NumberField, SearchInput, TextArrayField } from 'react-admin';
import type { Product } from '../../../types';

const Column = DataTable.Col<Product>;
const filters = [<SearchInput key="q" source="q" alwaysOn />];

export function ProductList() {
  return (
    <List sort={{ field: 'updatedAt', order: 'DESC' }} filters={filters} exporter={false}>
      <DataTable bulkActionButtons={false}>
        <Column source="sku" />
        <Column source="title" />
        <Column
          source="price"
          align="right"
          render={(product) => (
            <NumberField
              record={product}
              source="price"
              options={{ style: 'currency', currency: product.currency || 'EUR' }}
            />
          )}
        />
        <Column source="stock" align="right" />
        <Column source="channels" disableSort render={(product) => <TextArrayField record={product} source="channels" />} />
        <Column source="updatedAt" render={(product) => <DateField record={product} source="updatedAt" showTime />} />
      </DataTable>
    </List>
  );
}


