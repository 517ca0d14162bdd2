import type { Query, Schema } from 'mongoose';

/** Thrown (as a 500) when code queries a tenant-scoped collection without a tenant filter: a programming error. */
export class TenantScopeError extends Error {
  override name = 'TenantScopeError';
}

const QUERY_OPS = [
  'find', 'findOne', 'countDocuments', 'findOneAndUpdate', 'findOneAndDelete', 'findOneAndReplace', 'updateOne',
  'updateMany', 'deleteOne', 'deleteMany', 'replaceOne', 'distinct',
] as const;

function hasTenant(filter: Record<string, unknown> | undefined): boolean {
  if (!filter) return false;
  if (filter.tenantId !== undefined && filter.tenantId !== null) return true;
  const and = filter.$and as Record<string, unknown>[] | undefined;
  return Array.isArray(and) && and.some((f) => hasTenant(f));
}

/**
 * Mongoose plugin: every document carries `tenantId`, and every query, update, delete and aggregation must
 * filter on it. Platform-level code that really spans tenants says so with `.setOptions({ crossTenant: true })`
 * (aggregate: `{ crossTenant: true }` option).
 */
export function tenantScope(schema: Schema): void {
  schema.add({ tenantId: { type: String, required: true, index: true, immutable: true, pii: 'none' } });
  for (const op of QUERY_OPS) {
    schema.pre(op, function (this: Query<unknown, unknown>) {
      if ((this.getOptions() as { crossTenant?: boolean }).crossTenant) return;
      if (!hasTenant(this.getFilter() as Record<string, unknown>)) {
        throw new TenantScopeError(`${this.model.modelName}.${op} without a tenantId filter`);
      }
    });
  }
  // bulkWrite skips query middleware: check each operation's filter (inserts are checked by validation).
  schema.pre('bulkWrite', function (ops, options) {
    if ((options as { crossTenant?: boolean } | undefined)?.crossTenant) return;
    for (const op of ops ?? []) {
      for (const [kind, body] of Object.entries(op as Record<string, { filter?: Record<string, unknown> }>)) {
        if (kind !== 'insertOne' && !hasTenant(body?.filter)) throw new TenantScopeError(`${this.modelName}.bulkWrite ${kind} without a tenantId filter`);
      }
    }
  });
  schema.pre('aggregate', function () {
    if ((this.options as { crossTenant?: boolean }).crossTenant) return;
    const first = this.pipeline()[0] as { $match?: Record<string, unknown> } | undefined;
    if (!hasTenant(first?.$match)) throw new TenantScopeError(`${this.model().modelName}.aggregate must start with $match on tenantId`);
  });
}
