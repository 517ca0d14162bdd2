import { setTimeout as sleep } from 'node:timers/promises';
import type { Model } from 'mongoose';
import type { AuditAnchor } from './audit-anchor.ts';
import { auditError } from './audit.errors.ts';
import { GENESIS_HASH, entryHash, type HashedFields } from './audit-hash.ts';
import { validateAuditInput } from './audit-input.ts';
import type { AuditBreakReason, AuditEntry, AuditRecordInput, AuditVerifyResult } from './audit-types.ts';

export interface AuditLogOptions {
  /** Redis head anchor; without it a truncated tail goes unnoticed. */
  anchor?: AuditAnchor | null;
  /** Appends to one chain from this process run one after another (fewer lost races). @defaultValue true */
  serialiseLocally?: boolean;
  /** Attempts before PRIVACY_ERR_AUDIT_CONTENDED. @defaultValue 200 */
  maxAttempts?: number;
  /** Entries read per page while verifying. @defaultValue 500 */
  pageSize?: number;
}

const fieldsOf = (d: any): HashedFields => ({
  chain: d.tenantId, seq: d.seq, at: new Date(d.at), actor: { kind: d.actorKind, id: d.actorId }, action: d.action,
  target: { type: d.targetType, id: d.targetId }, details: d.details ?? {}, prevHash: d.prevHash,
});

export const toAuditEntry = (d: any): AuditEntry => ({
  id: d._id, tenantId: d.tenantId, seq: d.seq, at: new Date(d.at), actor: { kind: d.actorKind, id: d.actorId }, action: d.action,
  target: { type: d.targetType, id: d.targetId }, details: d.details ?? {}, prevHash: d.prevHash, hash: d.hash,
});

/**
 * Append-only, hash-chained audit log, one chain per tenant (plus the platform chain). FerretDB has no
 * transactions and loses concurrent read-modify-writes on one document, so there is no counter document: an
 * append reads the chain's last entry and inserts seq = last + 1; the unique (tenantId, seq) index lets exactly
 * one concurrent writer win, the others get 11000 and retry on the new head. That keeps seqs gapless and every
 * prevHash equal to its predecessor's hash, across processes.
 */
export class AuditLog {
  private readonly ready: Promise<unknown>;
  private readonly tails = new Map<string, Promise<unknown>>();
  private readonly opts: Required<Omit<AuditLogOptions, 'anchor'>> & { anchor: AuditAnchor | null };

  constructor(readonly model: Model<any>, opts: AuditLogOptions = {}) {
    this.opts = { anchor: opts.anchor ?? null, serialiseLocally: opts.serialiseLocally ?? true, maxAttempts: opts.maxAttempts ?? 200, pageSize: opts.pageSize ?? 500 };
    // The unique index must exist before the first append, or concurrent appends could share a seq.
    this.ready = model.init();
    this.ready.catch(() => undefined);
  }

  /** Appends one entry to its chain and returns it (with seq and hash). */
  async record(input: AuditRecordInput): Promise<AuditEntry> {
    validateAuditInput(input);
    if (!this.opts.serialiseLocally) return this.append(input);
    const chain = input.tenantId;
    const run = (this.tails.get(chain) ?? Promise.resolve()).then(() => this.append(input));
    const tail = run.catch(() => undefined);
    this.tails.set(chain, tail);
    void tail.then(() => { if (this.tails.get(chain) === tail) this.tails.delete(chain); });
    return run;
  }

  private async append(input: AuditRecordInput): Promise<AuditEntry> {
    await this.ready;
    const chain = input.tenantId;
    for (let attempt = 1; attempt <= this.opts.maxAttempts; attempt++) {
      const last = await this.model.findOne({ tenantId: chain }, { seq: 1, hash: 1 }).sort({ seq: -1 }).lean<{ seq: number; hash: string } | null>();
      const fields: HashedFields = {
        chain, seq: (last?.seq ?? 0) + 1, at: new Date(), actor: input.actor, action: input.action, target: input.target,
        details: input.details ?? {}, prevHash: last?.hash ?? GENESIS_HASH,
      };
      const hash = entryHash(fields);
      try {
        const doc = await this.model.create({
          tenantId: chain, seq: fields.seq, at: fields.at, actorKind: input.actor.kind, actorId: input.actor.id, action: input.action,
          targetType: input.target.type, targetId: input.target.id, details: fields.details, prevHash: fields.prevHash, hash,
        });
        await this.opts.anchor?.advance(chain, fields.seq, hash);
        return toAuditEntry(doc.toObject());
      } catch (err) {
        if ((err as { code?: number }).code !== 11000) throw err;
        // Lost the race for this seq: back off a little (jittered, growing) and chain onto the new head.
        await sleep(Math.random() * Math.min(50, attempt * 2));
      }
    }
    throw auditError('PRIVACY_ERR_AUDIT_CONTENDED', [chain, this.opts.maxAttempts]);
  }

  /**
   * Walks a chain in seq order, page by page (keyset on seq; memory stays at one page), and reports the first
   * break: a seq gap or a link to a missing predecessor ('removed'), an entry whose hash no longer matches its
   * fields ('edited'), an entry linked to another entry than its predecessor ('reordered'), a head anchor beyond the
   * last entry ('truncated') or an anchor hash that differs from the stored entry's ('rewritten').
   */
  async verify(chain: string): Promise<AuditVerifyResult> {
    await this.ready;
    const anchor = this.opts.anchor ? await this.opts.anchor.head(chain) : null;
    const anchored = anchor !== null;
    let expected = 1;
    let prevHash = GENESIS_HASH;
    const broken = (seq: number, reason: AuditBreakReason, message: string): AuditVerifyResult =>
      ({ ok: false, checked: expected - 1, lastSeq: expected - 1, anchored, brokenAt: seq, reason, message });

    for (;;) {
      const page = await this.model.find({ tenantId: chain, seq: { $gte: expected } }).sort({ seq: 1 }).limit(this.opts.pageSize).lean<any[]>();
      for (const doc of page) {
        if (doc.seq !== expected) return broken(expected, 'removed', `entry ${expected} is missing (the next stored entry is ${doc.seq})`);
        if (entryHash(fieldsOf(doc)) !== doc.hash) return broken(doc.seq, 'edited', `entry ${doc.seq} does not match its hash: it was changed after it was written`);
        if (doc.prevHash !== prevHash) {
          const linked = await this.model.findOne({ tenantId: chain, hash: doc.prevHash }, { seq: 1 }).lean<{ seq: number } | null>();
          return linked
            ? broken(doc.seq, 'reordered', `entry ${doc.seq} follows entry ${linked.seq} in the chain, not entry ${doc.seq - 1}`)
            : broken(doc.seq, 'removed', `the entry that entry ${doc.seq} was chained to is gone`);
        }
        if (anchor && doc.seq === anchor.seq && doc.hash !== anchor.hash) return broken(doc.seq, 'rewritten', `entry ${doc.seq} differs from the anchored head: the chain was rewritten`);
        prevHash = doc.hash;
        expected++;
      }
      if (page.length < this.opts.pageSize) break;
    }
    if (anchor && anchor.seq >= expected) return broken(expected, 'truncated', `the anchored head is entry ${anchor.seq} but the chain ends at ${expected - 1}: entries were removed from its end`);
    return { ok: true, checked: expected - 1, lastSeq: expected - 1, anchored };
  }
}
