import type { ModelSpec } from '../../../server/src/db/define-model.ts';

export const ProductSpec: ModelSpec = {
  name: 'Product',
  collection: 'catalog_products',
  idPrefix: 'prd_',
  fields: {
    sku: { type: String, required: true, trim: true, maxlength: 64, pii: 'none' },
    title: { type: String, required: true, trim: true, maxlength: 300, pii: 'none' },
    description: { type: String, default: '', maxlength: 5000, pii: 'none' },
    price: { type: Number, required: true, min: 0, pii: 'none' },
    currency: { type: String, required: true, match: /^[A-Z]{3}$/, pii: 'none' },
    channels: { type: [String], default: [], pii: 'none' },
    stock: { type: Number, default: 0, min: 0, pii: 'none' },
  },
  indexes: [[{ tenantId: 1, sku: 1 }, { unique: true }]],
};
