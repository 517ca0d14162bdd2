import type { Model } from 'mongoose';

/**
 * Update-then-read and read-then-delete of one document, without findAndModify. FerretDB v1 rejects
 * findAndModify with a projection ("support for field 'fields' is not implemented"), and mongoose adds one for
 * every model with `select: false` fields (password and key hashes). The write itself stays a single-document
 * atomic operation keyed by `_id` + `tenantId`; the read after it returns the stored result.
 */
export async function updateOneAndRead<T = any>(model: Model<any>, filter: Record<string, unknown>, update: Record<string, unknown>): Promise<T | null> {
  const hit = await model.findOne(filter).select('_id tenantId').lean<{ _id: string; tenantId?: string }>();
  if (!hit) return null;
  const key = hit.tenantId === undefined ? { _id: hit._id } : { _id: hit._id, tenantId: hit.tenantId };
  await model.updateOne(key, update, { runValidators: true });
  return model.findOne(key).lean<T>();
}

export async function deleteOneAndRead<T = any>(model: Model<any>, filter: Record<string, unknown>): Promise<T | null> {
  const doc = await model.findOne(filter).lean<T & { _id: string; tenantId?: string }>();
  if (!doc) return null;
  const res = await model.deleteOne(doc.tenantId === undefined ? { _id: doc._id } : { _id: doc._id, tenantId: doc.tenantId });
  return res.deletedCount === 1 ? doc : null;
}
