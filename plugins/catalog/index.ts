import { Type } from 'typebox';
import { definePlugin } from '../../server/src/core/plugin-contract.ts';
import { ProductSpec } from './models/product.model.ts';
import { ChannelSpec } from './models/channel.model.ts';
import { CatalogImportSpec } from './models/catalog-import.model.ts';
import { catalogRoutes } from './routes/catalog.routes.ts';
import { createCatalogApi } from './services/catalog-api.ts';
import { IMPORT_JOB, IMPORT_QUEUE, PLUGIN_NAME } from './constants.ts';

export type { CatalogApi, ProductFacts } from './services/catalog-api.ts';

/** Products, prices and sales channels per tenant: the catalogue later plugins (sync, recommendation) build on. */
export default definePlugin({
  name: PLUGIN_NAME,
  version: '0.1.0',
  description: 'Products, prices, stock and sales channels per tenant, with background bulk import',
  coreCompatibility: '^0.1.0',
  dependencies: [],
  purposes: ['necessary'],
  permissions: [
    { subject: 'Product', actions: ['read', 'create', 'update', 'delete'], grants: { merchant: ['read', 'create', 'update', 'delete'], analyst: ['read'], plugin_developer: ['read'], secret: ['read', 'create', 'update', 'delete'], publishable: ['read'] } },
    { subject: 'Channel', actions: ['read', 'create', 'update', 'delete'], grants: { merchant: ['read', 'create', 'update', 'delete'], analyst: ['read'], plugin_developer: ['read'], secret: ['read'], publishable: ['read'] } },
    { subject: 'CatalogImport', actions: ['read', 'create'], grants: { merchant: ['read', 'create'], analyst: ['read'], plugin_developer: ['read'], secret: ['read', 'create'] } },
  ],
  configSchema: Type.Object({
    defaultCurrency: Type.String({ pattern: '^[A-Z]{3}$', default: 'EUR' }),
    lowStockThreshold: Type.Integer({ minimum: 0, default: 5 }),
  }, { additionalProperties: false }),
  models: [ProductSpec, ChannelSpec, CatalogImportSpec],
  routes: catalogRoutes,
  jobs: [{ name: IMPORT_JOB, queue: IMPORT_QUEUE, processor: () => import('./jobs/import-products.job.ts'), concurrency: 2, attempts: 3, backoffMs: 1000 }],
  provides: createCatalogApi,
  admin: { resources: ['catalog/products', 'catalog/channels', 'catalog/imports'] },
  dataSubject: {
    // The catalogue holds no personal data: nothing to export or erase.
    export: async () => ({}),
    erase: async () => ({ deleted: 0 }),
  },
});
