import { Edit } from 'react-admin';
import { compact } from '../../../dataProvider/compact';
import type { Product } from '../../../types';
import { ProductForm } from './ProductForm';

/** Sends the editable fields only, not `id`/`updatedAt`. */
const toUpdate = ({ sku, title, description, price, currency, channels, stock }: Product) =>
  compact({ sku, title, description, price, currency, channels, stock });

export function ProductEdit() {
  return (
    <Edit transform={toUpdate} mutationMode="pessimistic">
      <ProductForm />
    </Edit>
  );
}
