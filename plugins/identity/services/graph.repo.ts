import { createHash } from 'node:crypto';
import type { Model } from 'mongoose';
import type { PluginContext } from '../../../server/src/core/plugin-contract.ts';
import { newId } from '../../../server/src/db/define-model.ts';
import { LockTimeoutError } from '../../../server/src/redis/lock.ts';
import { LOCK_OPTS, personLockKey, tenantLockKey, type ConflictRule, type MergeAction, type MergeCause } from '../constants.ts';
import { identityError } from '../errors.ts';
import type { IdentifierRef, MergeRecordView } from '../types.ts';
import { refKey } from './merge-rules.ts';

/** A stored identifier as the graph code reads it. */
export interface IdentifierDoc {
  _id: string;
  kind: string;
  value: string;
  personId: string;
  firstSeenAt: Date | null;
  lastSeenAt: Date | null;
  channel: string | null;
  device?: { os?: string; appVersion?: string; screen?: string } | null;
  splitAt: Date | null;
}

export interface RecordFields {
  action: MergeAction;
  fromPersonId: string | null;
  intoPersonId: string | null;
  identifiers: string[];
  cause: MergeCause;
  rule?: ConflictRule | null;
  eventId?: string | null;
  actor?: string | null;
}

export const isDuplicateKey = (err: unknown): boolean => (err as { code?: number })?.code === 11000;

export function recordView(d: any): MergeRecordView {
  return {
    id: d._id, action: d.action, fromPersonId: d.fromPersonId ?? null, intoPersonId: d.intoPersonId ?? null, identifiers: d.identifiers ?? [],
    cause: d.cause, rule: d.rule ?? null, eventId: d.eventId ?? null, actor: d.actor ?? null, at: new Date(d.at).toISOString(),
  };
}

/** Data access shared by the stitcher, the split and the data-subject hooks: one place for the graph's writes. */
export class GraphRepo {
  readonly persons: Model<any>;
  readonly identifiers: Model<any>;
  readonly merges: Model<any>;

  constructor(readonly ctx: PluginContext) {
    this.persons = ctx.model('Person');
    this.identifiers = ctx.model('Identifier');
    this.merges = ctx.model('MergeRecord');
  }

  /**
   * An identifier's `_id` is derived from (tenant, kind, value), so a resolution is one lookup by primary key:
   * indexed on MongoDB, and on FerretDB v1 the only filter its SQLite backend pushes down to SQLite (exactly
   * `{_id}`; any other filter, `tenantId` included, is evaluated in Go over every document, about ten times
   * slower). The tenant is part of the digest, so an `_id` never matches another tenant's identifier; reads still
   * check `tenantId`.
   */
  identifierId(tenantId: string, ref: IdentifierRef): string {
    return `idn_${createHash('sha256').update(`${tenantId}\0${ref.kind}\0${ref.value}`).digest('hex').slice(0, 40)}`;
  }

  /** The stored identifiers among `refs`, keyed `kind:value` (lookups by `_id`). */
  async findIdentifiers(tenantId: string, refs: IdentifierRef[]): Promise<Map<string, IdentifierDoc>> {
    const docs = await Promise.all(refs.map((r) => this.identifiers.findOne({ _id: this.identifierId(tenantId, r) }).setOptions({ crossTenant: true }).lean<IdentifierDoc & { tenantId: string }>()));
    return new Map(docs.filter((d): d is IdentifierDoc & { tenantId: string } => !!d && d.tenantId === tenantId).map((d) => [`${d.kind}:${d.value}`, d]));
  }

  /** A person by id (`{_id}` only, see identifierId; tenant checked on the document). */
  async person(tenantId: string, personId: string): Promise<any | null> {
    const p = await this.persons.findOne({ _id: personId }).setOptions({ crossTenant: true }).lean<any>();
    return p && p.tenantId === tenantId ? p : null;
  }

  /** Writes a document this tenant owns, found by `_id` (ids here always come from this tenant's documents). */
  byId(model: Model<any>, id: string, update: Record<string, unknown>) {
    return model.updateOne({ _id: id }, update).setOptions({ crossTenant: true });
  }

  /** Follows `mergedInto` to the live person; null when the id is unknown. */
  async liveOf(tenantId: string, personId: string): Promise<string | null> {
    let id = personId;
    for (let hop = 0; hop < 32; hop++) {
      const p = await this.person(tenantId, id);
      if (!p) return null;
      if (!p.mergedInto) return id;
      id = p.mergedInto;
    }
    return null;
  }

  /**
   * Serialises changes of the graph's shape (merges, attaches, splits, erasure) in a tenant: cluster-wide, through
   * the Redis mutex. A lock that cannot be had in time answers 503 IDENTITY_ERR_BUSY (a delivery job retries).
   */
  async withTenantLock<T>(tenantId: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await this.ctx.withLock(tenantLockKey(tenantId), fn, LOCK_OPTS);
    } catch (err) {
      if (err instanceof LockTimeoutError) throw identityError('IDENTITY_ERR_BUSY', [err.message]);
      throw err;
    }
  }

  /** One person's lock, for activity writes (a timeout answers IDENTITY_ERR_BUSY too). */
  async withPersonLock<T>(tenantId: string, personId: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await this.ctx.withLock(personLockKey(tenantId, personId), fn, LOCK_OPTS);
    } catch (err) {
      if (err instanceof LockTimeoutError) throw identityError('IDENTITY_ERR_BUSY', [err.message]);
      throw err;
    }
  }

  async record(tenantId: string, f: RecordFields): Promise<MergeRecordView> {
    const _id = newId('mrg_');
    const doc = await this.merges.create({ _id, tenantId, ...f, rule: f.rule ?? null, eventId: f.eventId ?? null, actor: f.actor ?? null, at: new Date(), dedupeKey: _id });
    return recordView(doc.toObject());
  }

  /**
   * Records a refused merge once: the same rule over the same identifiers (the same two userIds, the same
   * refused device) is one conflict however many events repeat it; the unique dedupeKey makes that atomic.
   */
  async conflict(tenantId: string, f: RecordFields & { rule: ConflictRule }): Promise<MergeRecordView> {
    const ids = [...new Set(f.identifiers)].sort();
    const scope = f.rule === 'blocked_value' ? f.intoPersonId ?? '' : '';
    const dedupeKey = `conflict:${createHash('sha1').update(JSON.stringify([f.rule, scope, ids])).digest('hex')}`;
    try {
      const doc = await this.merges.create({ _id: newId('mrg_'), tenantId, ...f, action: 'conflict', identifiers: ids, eventId: f.eventId ?? null, actor: f.actor ?? null, at: new Date(), dedupeKey });
      return recordView(doc.toObject());
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const existing = await this.merges.findOne({ tenantId, dedupeKey }).lean();
      return recordView(existing);
    }
  }

  /**
   * Re-attributes the events of moved identifiers: events carrying a moved userId, and events of a moved device
   * that carry no userId (an event with a userId belongs to that user's person, whatever device sent it).
   */
  async reattribute(tenantId: string, moved: { kind: string; value: string }[], personId: string): Promise<number> {
    const anonymousIds = moved.filter((m) => m.kind === 'anonymous_id').map((m) => m.value);
    const userIds = moved.filter((m) => m.kind === 'user_id').map((m) => m.value);
    let n = 0;
    if (anonymousIds.length) n += await this.ctx.events.attribute(tenantId, { anonymousIds, withoutUserId: true }, personId);
    if (userIds.length) n += await this.ctx.events.attribute(tenantId, { userIds }, personId);
    return n;
  }
}

export const keysOf = (docs: { kind: string; value: string }[]): string[] => docs.map((d) => refKey(d as IdentifierRef));
