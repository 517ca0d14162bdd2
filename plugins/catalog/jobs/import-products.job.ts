import { UnrecoverableError } from 'bullmq';
import type { JobProcessor } from '../../../server/src/core/plugin-contract.ts';
import { IMPORT_BATCH } from '../constants.ts';

/**
 * Upserts an import's rows by SKU in batches, reporting progress and per-row errors. Resumable: it restarts
 * from `processed`, so a job retried after a worker crash does not redo finished batches.
 */
const importProducts: JobProcessor<{ importId: string }, { processed: number; failed: number }> = async (job, { plugin, log }) => {
  const { tenantId, importId } = job.data;
  const Imports = plugin.model('CatalogImport');
  const Products = plugin.model('Product');
  const imp = await Imports.findOne({ _id: importId, tenantId }).select('+rows').lean<any>();
  if (!imp) throw new UnrecoverableError(`import ${importId} not found for tenant ${tenantId}`);
  await Imports.updateOne({ _id: importId, tenantId }, { $set: { status: 'running' } });
  let { processed, failed } = imp as { processed: number; failed: number };
  const rowErrors: { index: number; sku: string; message: string }[] = [];
  for (let start = processed; start < imp.rows.length; start += IMPORT_BATCH) {
    const batch = imp.rows.slice(start, start + IMPORT_BATCH) as Record<string, unknown>[];
    const result = await Products.bulkWrite(
      batch.map((row) => ({ updateOne: { filter: { tenantId, sku: row.sku }, update: { $set: { ...row, tenantId } }, upsert: true } })),
      { ordered: false },
    ).catch((err: { writeErrors?: { index: number; errmsg?: string; message?: string }[] }) => {
      for (const w of err.writeErrors ?? []) rowErrors.push({ index: start + w.index, sku: String(batch[w.index]?.sku), message: w.errmsg ?? w.message ?? 'write failed' });
      if (!err.writeErrors) throw err;
      return null;
    });
    const batchFailed = result ? 0 : rowErrors.filter((e) => e.index >= start).length;
    processed = Math.min(imp.rows.length, start + batch.length);
    failed += batchFailed;
    await Imports.updateOne({ _id: importId, tenantId }, { $set: { processed, failed }, $push: { rowErrors: { $each: rowErrors.filter((e) => e.index >= start).slice(0, 100) } } });
    await job.updateProgress(Math.round((processed / imp.rows.length) * 100));
    await job.log(`upserted rows ${start}–${processed - 1} (${batchFailed} failed)`);
  }
  await Imports.updateOne({ _id: importId, tenantId }, { $set: { status: 'completed' }, $unset: { rows: 1 } });
  log.info({ importId, processed, failed }, 'catalog import finished');
  return { processed, failed };
};

export default importProducts;
