import type { ModelSpec } from '../../../server/src/db/define-model.ts';

/** One bulk import: the rows wait here (not in the job payload, which carries only the id). */
export const CatalogImportSpec: ModelSpec = {
  name: 'CatalogImport',
  collection: 'catalog_imports',
  idPrefix: 'imp_',
  fields: {
    status: { type: String, enum: ['queued', 'running', 'completed', 'failed'], default: 'queued', pii: 'none' },
    rows: { type: [Object], default: [], select: false, pii: 'none' },
    total: { type: Number, required: true, pii: 'none' },
    processed: { type: Number, default: 0, pii: 'none' },
    failed: { type: Number, default: 0, pii: 'none' },
    rowErrors: { type: [Object], default: [], pii: 'none' },
    jobId: { type: String, default: null, pii: 'none' },
  },
};
