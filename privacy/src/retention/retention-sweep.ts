import { RETENTION_BATCH_SIZE, RETENTION_MAX_BATCHES } from './constants.ts';
import { cutoffOf, type ActivePolicy } from './retention-targets.ts';

/** The part of a driver collection a sweep uses (the raw driver: no model hooks, any collection by name). */
export interface SweepCollection {
  find(filter: Record<string, unknown>, options: { projection: Record<string, 0 | 1> }): { sort(s: Record<string, 1 | -1>): { limit(n: number): { toArray(): Promise<{ _id: unknown }[]> } } };
  deleteMany(filter: Record<string, unknown>): Promise<{ deletedCount: number }>;
}

export interface SweepResult {
  collection: string;
  field: string;
  days: number;
  cutoff: string;
  deleted: number;
  /** The batch limit was reached: more expired documents wait for the next run. */
  more: boolean;
}

export interface SweepOptions {
  now?: Date;
  /** @defaultValue RETENTION_BATCH_SIZE */
  batchSize?: number;
  /** @defaultValue RETENTION_MAX_BATCHES */
  maxBatches?: number;
  signal?: AbortSignal;
}

/**
 * Deletes one tenant's expired documents of one collection in bounded batches: read a page of `_id`s of expired
 * documents after the last one seen (keyset on `_id`), delete exactly those, go on. FerretDB v1 only pushes exact
 * `_id` filters down to SQLite, so deletes go by `_id` list; a document the delete misses (changed meanwhile) is
 * not read again in this run.
 */
export async function sweepCollection(coll: SweepCollection, tenantId: string, policy: ActivePolicy, opts: SweepOptions = {}): Promise<SweepResult> {
  const cutoff = cutoffOf(policy, opts.now ?? new Date());
  const batchSize = opts.batchSize ?? RETENTION_BATCH_SIZE;
  const maxBatches = opts.maxBatches ?? RETENTION_MAX_BATCHES;
  let deleted = 0;
  let last: unknown = null;
  for (let batch = 0; batch < maxBatches; batch++) {
    opts.signal?.throwIfAborted();
    const filter: Record<string, unknown> = { tenantId, [policy.field]: { $lt: cutoff } };
    if (last !== null) filter._id = { $gt: last };
    const ids = (await coll.find(filter, { projection: { _id: 1 } }).sort({ _id: 1 }).limit(batchSize).toArray()).map((d) => d._id);
    if (!ids.length) return { ...policy, cutoff: cutoff.toISOString(), deleted, more: false };
    deleted += (await coll.deleteMany({ tenantId, _id: { $in: ids } })).deletedCount;
    last = ids[ids.length - 1];
    if (ids.length < batchSize) return { ...policy, cutoff: cutoff.toISOString(), deleted, more: false };
  }
  return { ...policy, cutoff: cutoff.toISOString(), deleted, more: true };
}
