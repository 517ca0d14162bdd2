import { createHash } from 'node:crypto';
import type { Model } from 'mongoose';
import type { AuditActor, AuditEntry, AuditRecordInput } from '../audit/audit-types.ts';
import { verdict, type ConsentBasis, type ConsentDecision } from './consent-policy.ts';
import { consentError } from './consent.errors.ts';
import { PurposeCatalog, undeclared } from './purpose-catalog.ts';
import { PURPOSE_RE } from './purposes.ts';
import {
  auditSubjectId, hasSubject, primaryRawId, rawIds, refKey, toRef, type ConsentSubject, type SubjectKey, type SubjectRef,
  type SubjectResolver,
} from './subject.ts';

/** Where a choice was made. `merge`/`split`: an identity change joined or divided persons' choices. */
export type ConsentSource = 'event' | 'sdk' | 'api' | 'merge' | 'split';

/** A choice to record: whose, which purposes, when, where and the proof that comes with it. */
export interface ConsentInput {
  subject: ConsentSubject;
  choices: Record<string, boolean>;
  /** Client time of the choice; the newest one wins. @defaultValue now */
  at?: Date;
  source: Exclude<ConsentSource, 'merge' | 'split'>;
  channel?: string | null;
  /** The device it was given on (anonymousId defaults to the subject's). */
  device?: { anonymousId?: string | null; deviceId?: string | null; screen?: string | null };
  /** Text version the person saw, per purpose. @defaultValue the purpose's current version */
  versions?: Record<string, number>;
  proof?: { eventId?: string | null; requestId?: string | null; keyId?: string | null; userAgent?: string | null };
  /** Who recorded it when not the person themselves (console user, server-side key). */
  actor?: AuditActor;
}

export interface RecordResult {
  personId: string | null;
  /** Purposes whose choice changed (history + audit entry each). */
  changed: string[];
  /** Same choice on the same text as stored: nothing written. */
  unchanged: string[];
  /** A newer choice is stored: this older one changed nothing. */
  stale: string[];
}

/** A purpose's state for one person or device. */
export interface PurposeState extends ConsentDecision {
  granted: boolean;
  basis: ConsentBasis;
  /** When the recorded choice was made (null: the default applies). */
  at: Date | null;
  version: number | null;
  source: string | null;
  channel: string | null;
}

export interface ConsentSnapshot {
  personId: string | null;
  purposes: Record<string, PurposeState>;
}

/** What `privacy.consent.changed` carries (tenant-scoped on the bus). */
export interface ConsentChange {
  tenantId: string;
  personId: string | null;
  /** The raw ids involved (userId, anonymousId, merged identifiers' values): devices not yet stitched match on these. */
  subjects: string[];
  /** The new choices. */
  purposes: Record<string, boolean>;
  source: ConsentSource;
}

export type ConsentListener = (change: ConsentChange) => void | Promise<void>;

export interface ConsentModels {
  records: Model<any>;
  history: Model<any>;
  texts: Model<any>;
}

/** The audit log as the consent service needs it. */
export interface ConsentAudit { record(entry: AuditRecordInput): Promise<AuditEntry> }

interface StoredChoice {
  _id: string;
  subject: string;
  subjectKind?: 'person' | 'subject';
  purpose: string;
  granted: boolean;
  at: Date;
  version?: number | null;
  source?: string | null;
  channel?: string | null;
  eventId?: string | null;
  historyId?: string | null;
}

interface Resolved {
  ref: SubjectRef;
  personId: string | null;
  raw: string[];
}

const CHUNK = 1000;
const keyOf = (kind: 'person' | 'subject', id: string) => `${kind}\u0000${id}`;
const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/**
 * Person-level consent. Choices are stored per person when the subject resolver (an identity layer) knows one, else
 * per raw subject id; a lookup reads the person's and the raw ids' documents and the newest choice per purpose wins,
 * so a choice made on a device before it was stitched still counts, and is moved under the person the next time it
 * is read. `allowed`/`allowedMany`/`filterAllowed` are the one enforcement API (one store query per batch).
 */
export class ConsentService {
  readonly purposes: PurposeCatalog;
  #resolver: SubjectResolver | null = null;
  readonly #listeners = new Set<ConsentListener>();
  readonly #adopting = new Set<string>();

  constructor(readonly models: ConsentModels, private readonly audit: ConsentAudit | null = null) {
    this.purposes = new PurposeCatalog(models.texts);
  }

  /** Registers how subjects map to persons (the identity plugin does, in every process); null removes it. */
  setSubjectResolver(resolver: SubjectResolver | null): void {
    this.#resolver = resolver;
  }

  get hasResolver(): boolean {
    return this.#resolver !== null;
  }

  /** Called after every change (the privacy plugin publishes them on the bus). */
  onChange(listener: ConsentListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  // ---------------------------------------------------------------- enforcement

  async allowed(tenantId: string, subject: ConsentSubject | null, purpose: string): Promise<ConsentDecision> {
    return (await this.allowedMany(tenantId, [{ subject, purpose }]))[0]!;
  }

  /** Decisions for a batch: one resolver call and one store query (chunked beyond 1000 ids). */
  async allowedMany(tenantId: string, asks: { subject: ConsentSubject | null; purpose: string }[]): Promise<ConsentDecision[]> {
    const refs = asks.map((a) => toRef(a.subject));
    const needed = asks.map((a, i) => (a.purpose !== 'necessary' && hasSubject(refs[i]!) ? i : -1)).filter((i) => i >= 0);
    const out: ConsentDecision[] = asks.map((a) => verdict(a.purpose, undefined));
    if (!needed.length) return out;
    const resolved = await this.resolve(tenantId, needed.map((i) => refs[i]!));
    const byKey = await this.#read(tenantId, resolved);
    needed.forEach((i, j) => {
      const choice = this.#effective(resolved[j]!, byKey).get(asks[i]!.purpose);
      out[i] = verdict(asks[i]!.purpose, choice?.granted);
    });
    this.#adoptLater(tenantId, resolved, byKey);
    return out;
  }

  /** The given person ids that may be processed for `purpose` (training sets: a withdrawal drops the person). */
  async filterAllowed(tenantId: string, personIds: string[], purpose: string): Promise<string[]> {
    const decisions = await this.allowedMany(tenantId, personIds.map((personId) => ({ subject: { personId }, purpose })));
    return personIds.filter((_, i) => decisions[i]!.allowed);
  }

  /** The state of every listed purpose (plus any with a recorded choice) for one subject. */
  async state(tenantId: string, subject: ConsentSubject, purposes: string[]): Promise<ConsentSnapshot> {
    const [r] = await this.resolve(tenantId, [toRef(subject)]);
    const byKey = await this.#read(tenantId, [r!]);
    const effective = this.#effective(r!, byKey);
    this.#adoptLater(tenantId, [r!], byKey);
    const out: Record<string, PurposeState> = {};
    for (const p of new Set([...purposes, ...effective.keys()])) {
      const c = effective.get(p);
      const v = verdict(p, c?.granted);
      out[p] = { ...v, granted: v.allowed, at: c?.at ? new Date(c.at) : null, version: c?.version ?? null, source: c?.source ?? null, channel: c?.channel ?? null };
    }
    return { personId: r!.personId, purposes: out };
  }

  /** Maps refs to persons (one resolver call for the batch); without a resolver, only explicit person ids count. */
  async resolve(tenantId: string, refs: SubjectRef[]): Promise<Resolved[]> {
    const persons = new Map<string, string | null>();
    if (this.#resolver) {
      const unique = new Map<string, SubjectRef>();
      for (const ref of refs) if (hasSubject(ref)) unique.set(refKey(ref), ref);
      if (unique.size) {
        const keys = [...unique.keys()];
        const answer = await this.#resolver(tenantId, [...unique.values()]);
        keys.forEach((k, i) => persons.set(k, answer[i] ?? null));
      }
    }
    return refs.map((ref) => ({ ref, personId: persons.get(refKey(ref)) ?? ref.personId ?? null, raw: rawIds(ref) }));
  }

  // ---------------------------------------------------------------- recording

  /**
   * Records choices: for each purpose whose choice (or text version) changes, an append-only history entry with the
   * proof, an audit entry (`consent.granted` / `consent.withdrawn`, ids only), then the current document; listeners
   * hear about the change once. A choice older than the stored one changes nothing.
   */
  async record(tenantId: string, input: ConsentInput): Promise<RecordResult> {
    const ref = toRef(input.subject);
    const [r] = await this.resolve(tenantId, [ref]);
    const raw = primaryRawId(ref);
    const key: SubjectKey | null = r!.personId ? { kind: 'person', id: r!.personId } : raw ? { kind: 'subject', id: raw } : null;
    if (!key) throw consentError('PRIVACY_ERR_CONSENT_NO_SUBJECT', ['send an anonymousId, a userId or a personId']);
    const choices = Object.entries(input.choices);
    if (!choices.length) throw consentError('PRIVACY_ERR_CONSENT_EMPTY');
    for (const [purpose, granted] of choices) {
      if (!PURPOSE_RE.test(purpose)) throw consentError('PRIVACY_ERR_CONSENT_UNKNOWN_PURPOSE', [purpose, 'names matching [a-z][a-z0-9_-]{1,40}']);
      if (purpose === 'necessary' && granted === false) throw consentError('PRIVACY_ERR_CONSENT_NECESSARY');
    }
    const byKey = await this.#read(tenantId, [r!]);
    const current = this.#effective(r!, byKey);
    // A client clock ahead of ours must not make a choice unbeatable: choices are never later than their arrival.
    const at = new Date(Math.min((input.at ?? new Date()).getTime(), Date.now()));
    const result: RecordResult = { personId: r!.personId, changed: [], unchanged: [], stale: [] };
    const changed: Record<string, boolean> = {};
    for (const [purpose, granted] of choices) {
      const prev = current.get(purpose);
      if (prev && new Date(prev.at).getTime() > at.getTime()) { result.stale.push(purpose); continue; }
      const text = await this.#text(tenantId, purpose, input.versions?.[purpose]);
      if (prev && prev.granted === granted && (prev.version ?? null) === text.version) { result.unchanged.push(purpose); continue; }
      const historyId = await this.#append(tenantId, key, r!, purpose, granted, prev?.granted ?? null, at, input, text);
      await this.#audit(tenantId, key, purpose, granted, prev?.granted ?? null, input.source, text.version, historyId, input.channel ?? null, input.actor ?? (input.proof?.keyId ? { kind: 'apiKey', id: input.proof.keyId } : { kind: 'system', id: 'consent' }));
      await this.#put(tenantId, key, purpose, { granted, at, eventId: input.proof?.eventId ?? null, version: text.version, source: input.source, channel: input.channel ?? null, historyId });
      result.changed.push(purpose);
      changed[purpose] = granted;
    }
    if (result.changed.length) this.#emit({ tenantId, personId: r!.personId, subjects: r!.raw, purposes: changed, source: input.source });
    return result;
  }

  /**
   * Joins `from`'s choices (and those stored under the merged identifiers' raw ids) into `into` after an identity
   * merge; the newest choice per purpose wins. Purposes whose effective choice changed get history and audit
   * entries (source `merge`). Idempotent: a second run finds nothing left to move.
   */
  async mergePersons(tenantId: string, fromPersonId: string | null, intoPersonId: string, identifiers: string[] = []): Promise<{ moved: number; changed: string[] }> {
    const rawValues = identifiers.map((i) => i.slice(i.indexOf(':') + 1)).filter(Boolean);
    const ids = [...(fromPersonId ? [fromPersonId] : []), ...rawValues];
    const moving = ids.length ? await this.models.records.find({ tenantId, subject: { $in: ids } }).lean<StoredChoice[]>() : [];
    const candidates = moving.filter((d) => (d.subjectKind === 'person' ? d.subject === fromPersonId : rawValues.includes(d.subject)));
    return this.#join(tenantId, intoPersonId, candidates, { move: true, source: 'merge', subjects: rawValues });
  }

  /** After an identity split: the new person keeps the choices made while it was part of `from` (copied, newest wins). */
  async copyPerson(tenantId: string, fromPersonId: string, toPersonId: string, identifiers: string[] = []): Promise<{ moved: number; changed: string[] }> {
    const docs = await this.models.records.find({ tenantId, subject: fromPersonId }).lean<StoredChoice[]>();
    return this.#join(tenantId, toPersonId, docs.filter((d) => d.subjectKind === 'person'), { move: false, source: 'split', subjects: identifiers.map((i) => i.slice(i.indexOf(':') + 1)) });
  }

  /** History entries of a subject (its person and raw ids), newest first. */
  async history(tenantId: string, subject: ConsentSubject, limit = 200): Promise<Record<string, unknown>[]> {
    const [r] = await this.resolve(tenantId, [toRef(subject)]);
    const ids = [...(r!.personId ? [r!.personId] : []), ...r!.raw];
    if (!ids.length) return [];
    const or: Record<string, unknown>[] = [{ subject: { $in: ids } }];
    if (r!.personId) or.push({ personId: r!.personId });
    return this.models.history.find({ tenantId, $or: or }).sort({ at: -1, _id: -1 }).limit(limit).lean<Record<string, unknown>[]>();
  }

  // ---------------------------------------------------------------- internals

  async #join(tenantId: string, intoPersonId: string, docs: StoredChoice[], opts: { move: boolean; source: 'merge' | 'split'; subjects: string[] }): Promise<{ moved: number; changed: string[] }> {
    if (!docs.length) return { moved: 0, changed: [] };
    const intoKey: SubjectKey = { kind: 'person', id: intoPersonId };
    const before = new Map((await this.models.records.find({ tenantId, subject: intoPersonId }).lean<StoredChoice[]>()).filter((d) => d.subjectKind === 'person').map((d) => [d.purpose, d]));
    const newest = new Map<string, StoredChoice>();
    for (const d of docs) {
      const n = newest.get(d.purpose);
      if (!n || new Date(d.at).getTime() > new Date(n.at).getTime()) newest.set(d.purpose, d);
    }
    const changed: Record<string, boolean> = {};
    for (const [purpose, d] of newest) {
      const prev = before.get(purpose);
      if (prev && new Date(prev.at).getTime() >= new Date(d.at).getTime()) continue;
      let historyId = d.historyId ?? null;
      if (!prev || prev.granted !== d.granted) {
        const text = { version: d.version ?? null, textHash: null as string | null };
        historyId = await this.#append(tenantId, intoKey, { ref: {}, personId: intoPersonId, raw: opts.subjects }, purpose, d.granted, prev?.granted ?? null, new Date(d.at), { subject: { personId: intoPersonId }, choices: {}, source: 'api', channel: d.channel ?? null, proof: { eventId: d.eventId ?? null } }, text, opts.source);
        await this.#audit(tenantId, intoKey, purpose, d.granted, prev?.granted ?? null, opts.source, d.version ?? null, historyId, d.channel ?? null, { kind: 'system', id: 'identity' });
        changed[purpose] = d.granted;
      }
      await this.#put(tenantId, intoKey, purpose, { granted: d.granted, at: new Date(d.at), eventId: d.eventId ?? null, version: d.version ?? null, source: d.source ?? opts.source, channel: d.channel ?? null, historyId });
    }
    if (opts.move) for (const d of docs) await this.models.records.deleteOne({ tenantId, _id: d._id, at: d.at });
    const list = Object.keys(changed);
    if (list.length) this.#emit({ tenantId, personId: intoPersonId, subjects: opts.subjects, purposes: changed, source: opts.source });
    return { moved: docs.length, changed: list };
  }

  /** The stored documents of these subjects' persons and raw ids, by `${kind}\0${id}`. */
  async #read(tenantId: string, resolved: Resolved[]): Promise<Map<string, StoredChoice[]>> {
    const ids = new Set<string>();
    for (const r of resolved) {
      if (r.personId) ids.add(r.personId);
      for (const id of r.raw) ids.add(id);
    }
    const out = new Map<string, StoredChoice[]>();
    const all = [...ids];
    for (let i = 0; i < all.length; i += CHUNK) {
      const docs = await this.models.records.find({ tenantId, subject: { $in: all.slice(i, i + CHUNK) } })
        .select('subject subjectKind purpose granted at version source channel eventId historyId').lean<StoredChoice[]>();
      for (const d of docs) {
        const k = keyOf(d.subjectKind === 'person' ? 'person' : 'subject', d.subject);
        (out.get(k) ?? out.set(k, []).get(k)!).push(d);
      }
    }
    return out;
  }

  /** Newest choice per purpose over the person's and the raw ids' documents (a tie goes to the person's). */
  #effective(r: Resolved, byKey: Map<string, StoredChoice[]>): Map<string, StoredChoice> {
    const keys = [...(r.personId ? [keyOf('person', r.personId)] : []), ...r.raw.map((id) => keyOf('subject', id))];
    const out = new Map<string, StoredChoice>();
    for (const k of keys) {
      for (const d of byKey.get(k) ?? []) {
        const n = out.get(d.purpose);
        if (!n || new Date(d.at).getTime() > new Date(n.at).getTime()) out.set(d.purpose, d);
      }
    }
    return out;
  }

  /** Raw-id documents of subjects that now resolve to a person move under the person (off the request path). */
  #adoptLater(tenantId: string, resolved: Resolved[], byKey: Map<string, StoredChoice[]>): void {
    for (const r of resolved) {
      if (!r.personId) continue;
      const docs = r.raw.flatMap((id) => byKey.get(keyOf('subject', id)) ?? []);
      const flight = `${tenantId}\u0000${r.personId}`;
      if (!docs.length || this.#adopting.has(flight)) continue;
      this.#adopting.add(flight);
      void (async () => {
        for (const d of docs) {
          await this.#put(tenantId, { kind: 'person', id: r.personId! }, d.purpose, { granted: d.granted, at: new Date(d.at), eventId: d.eventId ?? null, version: d.version ?? null, source: d.source ?? 'event', channel: d.channel ?? null, historyId: d.historyId ?? null });
          await this.models.records.deleteOne({ tenantId, _id: d._id, at: d.at });
        }
      })().catch(() => undefined).finally(() => this.#adopting.delete(flight));
    }
  }

  /** Upserts the current document unless a newer choice is stored (then the unique index refuses the insert). */
  async #put(tenantId: string, key: SubjectKey, purpose: string, f: { granted: boolean; at: Date; eventId: string | null; version: number | null; source: string; channel: string | null; historyId: string | null }): Promise<boolean> {
    try {
      const res = await this.models.records.updateOne(
        { tenantId, subject: key.id, purpose, at: { $lte: f.at } },
        { $set: { ...f, subjectKind: key.kind }, $setOnInsert: { tenantId, subject: key.id, purpose } },
        { upsert: true },
      );
      return res.modifiedCount + res.upsertedCount > 0;
    } catch (err) {
      if ((err as { code?: number }).code === 11000) return false;
      throw err;
    }
  }

  async #text(tenantId: string, purpose: string, version: number | undefined): Promise<{ version: number | null; textHash: string | null }> {
    const p = undeclared(purpose);
    if (version === undefined) {
      const current = await this.purposes.current(tenantId, p);
      return { version: current.version, textHash: current.textHash };
    }
    const v = await this.purposes.version(tenantId, p, version);
    if (!v) {
      const current = await this.purposes.current(tenantId, p);
      throw consentError('PRIVACY_ERR_CONSENT_UNKNOWN_VERSION', [purpose, version, current.version], { purpose, version, current: current.version });
    }
    return { version: v.version, textHash: v.textHash };
  }

  /** Appends the proof; the id is derived from the change, so a retried request stores it once. */
  async #append(tenantId: string, key: SubjectKey, r: Resolved, purpose: string, granted: boolean, previous: boolean | null, at: Date, input: ConsentInput, text: { version: number | null; textHash: string | null }, source: ConsentSource = input.source): Promise<string> {
    const proof = input.proof ?? {};
    const id = `cnh_${sha256([tenantId, key.kind, key.id, purpose, String(granted), at.toISOString(), source, proof.eventId ?? proof.requestId ?? ''].join('\u0000')).slice(0, 24)}`;
    try {
      await this.models.history.create({
        _id: id, tenantId, subject: key.id, subjectKind: key.kind, personId: r.personId, subjects: r.raw, purpose, granted, previous, at,
        recordedAt: new Date(), source, channel: input.channel ?? null,
        anonymousId: input.device?.anonymousId ?? r.ref.anonymousId ?? null, deviceId: input.device?.deviceId ?? r.ref.deviceId ?? null, screen: input.device?.screen ?? null,
        version: text.version, textHash: text.textHash, eventId: proof.eventId ?? null, requestId: proof.requestId ?? null, keyId: proof.keyId ?? null,
        userAgentHash: proof.userAgent ? sha256(proof.userAgent) : null, actorKind: input.actor?.kind ?? null, actorId: input.actor?.id ?? null,
      });
    } catch (err) {
      if ((err as { code?: number }).code !== 11000) throw err;
    }
    return id;
  }

  async #audit(tenantId: string, key: SubjectKey, purpose: string, granted: boolean, previous: boolean | null, source: ConsentSource, version: number | null, historyId: string, channel: string | null, actor: AuditActor): Promise<void> {
    if (!this.audit) return;
    await this.audit.record({
      tenantId, actor, action: granted ? 'consent.granted' : 'consent.withdrawn', target: { type: 'consent_subject', id: auditSubjectId(tenantId, key) },
      details: { purpose, previous, source, version, historyId, channel, personId: key.kind === 'person' ? key.id : null },
    });
  }

  #emit(change: ConsentChange): void {
    for (const l of this.#listeners) {
      try {
        void Promise.resolve(l(change)).catch(() => undefined);
      } catch {
        // a listener's failure never undoes a recorded choice
      }
    }
  }
}
