import channels from './channels';
import imports from './imports';
import products from './products';

/** The catalog plugin's console resources, named `<plugin>/<resource>` (served under /api/plugins/catalog). */
export const catalogResources = {
  'catalog/products': products,
  'catalog/channels': channels,
  'catalog/imports': imports,
};
