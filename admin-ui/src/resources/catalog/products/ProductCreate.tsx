import { Create } from 'react-admin';
import { compact } from '../../../dataProvider/compact';
import { ProductForm } from './ProductForm';

export function ProductCreate() {
  return (
    <Create redirect="list" transform={compact}>
      <ProductForm />
    </Create>
  );
}
