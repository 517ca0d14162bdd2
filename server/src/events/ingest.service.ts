import { Compile } from 'typebox/compile';
import type { Model } from 'mongoose';
import { newId } from '../db/define-model.ts';
import type { PrivacyApi } from '../../../privacy/src/privacy-api.ts';
import type { EventBus } from '../core/event-bus.ts';
import { EventErrors, type EventErrorCode } from './errors.ts';
import { EVENT_TYPES, EventBase, PROPERTIES } from './event.schema.ts';
import { summarizeEvent } from './event-summary.ts';
import { redactProperties } from './redact-properties.ts';
import { encryptorOf } from '../../../privacy/src/encryption/field-encryption.plugin.ts';
import type { DocumentEncryptor } from '../../../privacy/src/encryption/document-encryptor.ts';
import { eventKeyRef } from '../../../privacy/src/encryption/subject-key-refs.ts';
import { format } from 'node:util';

export interface Rejection { index: number; eventId: string | null; code: EventErrorCode; message: string }
export interface IngestResult { accepted: string[]; rejected: Rejection[] }
interface WriteErr { code?: number; index?: number; err?: { code?: number; index?: number } }
export interface IngestPrincipal { tenantId: string; keyId: string }

const baseCheck = Compile(EventBase);
const propertyChecks = Object.fromEntries(Object.entries(PROPERTIES).map(([k, s]) => [k, Compile(s)]));
const BUILTIN = new Set<string>(EVENT_TYPES);
const MAX_EVENT_BYTES = 8 * 1024;

/** Which processing purpose an event serves; consent for it is checked before the event is stored. */
export function purposeOf(type: string): string {
  if (type === 'consent_update' || type === 'identify' || type === 'alias' || type === 'purchase' || type === 'support_message') return 'necessary';
  return 'analytics';
}

/** The first key a MongoDB-compatible store refuses ('' , '$…', 'a.b'), as a path; null when all are fine. */
function badKey(value: unknown, path: string, depth = 0): string | null {
  if (!value || typeof value !== 'object' || depth > 8) return null;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const here = Array.isArray(value) ? `${path}[${k}]` : `${path}.${k}`;
    if (!Array.isArray(value) && (k === '' || k.startsWith('$') || k.includes('.'))) return `${path} key ${JSON.stringify(k)}`;
    const deeper = badKey(v, here, depth + 1);
    if (deeper) return deeper;
  }
  return null;
}

function reject(index: number, eventId: unknown, code: EventErrorCode, ...args: unknown[]): Rejection {
  return { index, eventId: typeof eventId === 'string' ? eventId : null, code, message: format(EventErrors[code].message, ...args) };
}

/**
 * Validates every event on its own, checks consent, writes the good ones in one unordered bulk insert and
 * answers per event. Acknowledged only after the store acknowledged the write; duplicates of stored eventIds
 * (a retried batch) count as accepted and are not stored twice (unique index on tenantId + eventId).
 */
export class IngestService {
  readonly #encryptor: DocumentEncryptor;

  constructor(private readonly events: Model<any>, private readonly privacy: PrivacyApi, private readonly bus: EventBus, private readonly opts: { maxFutureSkewSeconds: number }, private readonly dispatch: (tenantId: string, batch: { eventId: string; type: string }[]) => Promise<unknown> = async () => 0) {
    const encryptor = encryptorOf(events.schema);
    if (!encryptor) throw new Error('the Event model has no field encryption (compile it with compileModel)');
    this.#encryptor = encryptor;
  }

  validate(raw: unknown, index: number, now: number): Rejection | null {
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return reject(index, null, 'EVENTS_ERR_INVALID_EVENT', `events[${index}] must be an object`);
    const e = raw as Record<string, unknown>;
    if (typeof e.type === 'string' && !BUILTIN.has(e.type) && !e.type.startsWith('custom:')) return reject(index, e.eventId, 'EVENTS_ERR_UNKNOWN_TYPE', e.type);
    if (!baseCheck.Check(e)) {
      const err = baseCheck.Errors(e)[0];
      const field = err.keyword === 'required' ? `.${(err.params as { requiredProperties?: string[] }).requiredProperties?.[0] ?? ''}` : err.instancePath.replace(/\//g, '.');
      const what = err.keyword === 'additionalProperties' ? `has unknown field "${(err.params as { additionalProperties?: string[] }).additionalProperties?.[0]}"` : err.message;
      return reject(index, e.eventId, 'EVENTS_ERR_INVALID_EVENT', `events[${index}]${field} ${what}`);
    }
    if (!e.anonymousId && !e.userId) return reject(index, e.eventId, 'EVENTS_ERR_INVALID_EVENT', `events[${index}] needs anonymousId or userId`);
    const type = e.type as string;
    const props = (e.properties ?? {}) as Record<string, unknown>;
    const check = propertyChecks[type.startsWith('custom:') ? 'custom' : type];
    if (!check.Check(props)) {
      const err = check.Errors(props)[0];
      const field = err.keyword === 'required' ? `.${(err.params as { requiredProperties?: string[] }).requiredProperties?.[0] ?? ''}` : err.instancePath.replace(/\//g, '.');
      return reject(index, e.eventId, 'EVENTS_ERR_INVALID_EVENT', `events[${index}].properties${field} ${err.message}`);
    }
    for (const field of ['properties', 'traits', 'context', 'device'] as const) {
      const bad = badKey(e[field], `events[${index}].${field}`);
      if (bad) return reject(index, e.eventId, 'EVENTS_ERR_INVALID_EVENT', `${bad} is not a storable key (empty, starting with "$" or containing ".")`);
    }
    if (e.traits && type !== 'identify') return reject(index, e.eventId, 'EVENTS_ERR_INVALID_EVENT', `events[${index}].traits is only accepted on identify events`);
    if (Buffer.byteLength(JSON.stringify(e)) > MAX_EVENT_BYTES) return reject(index, e.eventId, 'EVENTS_ERR_INVALID_EVENT', `events[${index}] is larger than ${MAX_EVENT_BYTES} bytes`);
    const ahead = (Date.parse(e.timestamp as string) - now) / 1000;
    if (ahead > this.opts.maxFutureSkewSeconds) return reject(index, e.eventId, 'EVENTS_ERR_TIMESTAMP_IN_FUTURE', Math.round(ahead), this.opts.maxFutureSkewSeconds);
    return null;
  }

  async ingest(principal: IngestPrincipal, batch: unknown[]): Promise<IngestResult> {
    const now = Date.now();
    const receivedAt = new Date(now);
    const rejected: Rejection[] = [];
    const seen = new Set<string>();
    const candidates: { index: number; e: Record<string, any> }[] = [];
    batch.forEach((raw, index) => {
      const bad = this.validate(raw, index, now);
      if (bad) return void rejected.push(bad);
      const e = raw as Record<string, any>;
      if (seen.has(e.eventId)) return void rejected.push(reject(index, e.eventId, 'EVENTS_ERR_DUPLICATE_IN_BATCH', e.eventId));
      seen.add(e.eventId);
      candidates.push({ index, e });
    });
    // Choices sent in this batch apply first (an opt-out followed by page views in one flush must hold).
    for (const { e } of candidates) {
      if (e.type !== 'consent_update') continue;
      const subject = { userId: e.userId ?? null, anonymousId: e.anonymousId ?? null };
      await this.privacy.recordConsent(principal.tenantId, { subject, purpose: e.properties.purpose, granted: e.properties.granted, at: new Date(e.timestamp), eventId: e.eventId, channel: e.channel, deviceId: e.deviceId ?? null, keyId: principal.keyId });
    }
    const decisions = await this.privacy.allowedMany(principal.tenantId, candidates.map(({ e }) => ({ subject: { userId: e.userId ?? null, anonymousId: e.anonymousId ?? null }, purpose: purposeOf(e.type) })));
    const docs: Record<string, unknown>[] = [];
    const accepted: string[] = [];
    candidates.forEach(({ index, e }, i) => {
      if (!decisions[i].allowed) return void rejected.push(reject(index, e.eventId, 'EVENTS_ERR_CONSENT_DENIED', purposeOf(e.type)));
      accepted.push(e.eventId);
      const redaction = redactProperties(e.properties ?? {});
      docs.push({
        _id: newId('evt_'), tenantId: principal.tenantId, eventId: e.eventId, type: e.type,
        anonymousId: e.anonymousId ?? null, userId: e.userId ?? null, deviceId: e.deviceId ?? null, personId: null,
        channel: e.channel, device: e.device ?? null, timestamp: new Date(e.timestamp), receivedAt,
        properties: redaction.properties, traits: e.traits ?? null, redacted: redaction.originals, keyRef: eventKeyRef(e), context: e.context ?? null, keyId: principal.keyId,
        createdAt: receivedAt, updatedAt: receivedAt, __v: 0,
      });
    });
    let duplicates = new Set<number>();
    if (docs.length) {
      duplicates = await this.#write(docs);
      // Queued for the consuming plugins before acknowledging; a retried batch may deliver again (at-least-once).
      await this.dispatch(principal.tenantId, docs as { eventId: string; type: string }[]);
    }
    if (accepted.length) {
      // `events`: summaries of the newly stored events (not the retried duplicates) for live streams on every instance.
      const events = docs.filter((_, i) => !duplicates.has(i)).map(summarizeEvent);
      await this.bus.publish('events.ingested', principal.tenantId, { count: accepted.length, types: [...new Set(docs.map((d) => d.type as string))], eventIds: accepted, events }).catch(() => undefined);
    }
    rejected.sort((a, b) => a.index - b.index);
    return { accepted, rejected };
  }

  /**
   * One unordered bulk insert; duplicate-key errors (already stored eventIds) are the idempotent case.
   * Returns the indexes of those duplicates (not stored again).
   */
  async #write(plain: Record<string, unknown>[]): Promise<Set<number>> {
    // The driver's insertMany (fast, unordered) skips mongoose middleware: seal the personal fields here, with
    // the batch's subject keys loaded in one go.
    const sealed = plain.filter((d) => d.traits !== null || d.redacted !== null);
    if (sealed.length) await this.#encryptor.keys.prefetchPersonKeys(sealed[0].tenantId as string, sealed.map((d) => d.keyRef as string | null).filter((r): r is string => !!r));
    const docs = await Promise.all(plain.map(async (d) => {
      if (d.traits === null && d.redacted === null) return d;
      const copy = { ...d };
      await this.#encryptor.encryptObject(copy);
      return copy;
    }));
    try {
      await this.events.collection.insertMany(docs, { ordered: false });
      return new Set();
    } catch (err) {
      const writeErrors = (err as { writeErrors?: WriteErr[] | WriteErr }).writeErrors;
      const list = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : [];
      if (!list.length || list.some((w) => (w.code ?? w.err?.code) !== 11000)) throw err;
      return new Set(list.map((w) => w.index ?? w.err?.index).filter((i): i is number => typeof i === 'number'));
    }
  }
}
