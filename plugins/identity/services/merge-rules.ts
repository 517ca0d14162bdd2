import { createHash } from 'node:crypto';
import type { StoredEvent } from '../../../server/src/core/plugin-contract.ts';
import { ATTRIBUTION_ORDER, DEVICE_KINDS, EXTERNAL_KIND, IDENTIFIER_KINDS, PRIORITY_KINDS, type ConflictRule } from '../constants.ts';
import { DEFAULT_BLOCKED_VALUES } from '../schemas/settings.schema.ts';
import type { DeviceInfo, IdentifierKind, IdentifierRef, IdentitySettings, Observation, Traits } from '../types.ts';

/**
 * The merge rules as pure functions: which identifiers an event yields, which values are blocked, which person
 * survives a merge and when a merge or an attach is refused. The stitcher applies them under its locks.
 */

export function normalizeSettings(raw: Record<string, unknown>): IdentitySettings {
  const s = raw as Partial<IdentitySettings>;
  return {
    blockedValues: Array.isArray(s.blockedValues) ? s.blockedValues : DEFAULT_BLOCKED_VALUES,
    maxAnonymousIdsPerPerson: Number.isInteger(s.maxAnonymousIdsPerPerson) ? s.maxAnonymousIdsPerPerson! : 50,
    maxDeviceIdsPerPerson: Number.isInteger(s.maxDeviceIdsPerPerson) ? s.maxDeviceIdsPerPerson! : 50,
    identifierPriority: Array.isArray(s.identifierPriority) ? s.identifierPriority : [...PRIORITY_KINDS],
    mergeOnEmail: s.mergeOnEmail === true,
  };
}

const blockedSets = new WeakMap<string[], Set<string>>();

/** Blocked values compare case-insensitively after trimming; a value that trims to nothing is always blocked. */
export function isBlocked(value: string, settings: IdentitySettings): boolean {
  const v = value.trim().toLowerCase();
  if (!v) return true;
  let set = blockedSets.get(settings.blockedValues);
  if (!set) blockedSets.set(settings.blockedValues, (set = new Set(settings.blockedValues.map((b) => b.trim().toLowerCase()))));
  return set.has(v);
}

export function isKind(kind: string): kind is IdentifierKind {
  return (IDENTIFIER_KINDS as readonly string[]).includes(kind) || EXTERNAL_KIND.test(kind);
}

export const refKey = (r: IdentifierRef): string => `${r.kind}:${r.value}`;

/** Parses `kind:value` (the kind of external ids has a colon itself: `external:crm:42`); null when malformed. */
export function parseRefKey(key: string): IdentifierRef | null {
  const m = /^(external:[a-z0-9_-]{1,40}|[a-z_]+):(.+)$/.exec(key);
  if (!m || !isKind(m[1])) return null;
  return { kind: m[1] as IdentifierKind, value: m[2] };
}

/** Checks a `{kind, value}` from outside; answers the problem, or null when it is fine. */
export function refProblem(kind: string, value: string): string | null {
  if (!isKind(kind)) return `kind "${kind}" is not one of user_id, anonymous_id, device_id, email_hash, external:<namespace>`;
  if (!value.trim() || value.length > 200) return `${kind} value must be 1–200 characters`;
  if (kind === 'email_hash' && !/^[a-f0-9]{64}$/.test(value)) return 'email_hash must be the sha256 hex digest of the lowercased address';
  return null;
}

/** sha256 hex of the trimmed, lowercased address (what `mergeOnEmail` and search by email compare). */
export function emailHash(email: string): string {
  return createHash('sha256').update(email.trim().toLowerCase()).digest('hex');
}

/** Rank of a kind in the tenant's priority (lower wins); kinds not listed rank last. */
export function rankOf(kind: string, priority: string[]): number {
  const k = kind.startsWith('external:') ? 'external' : kind;
  const i = priority.indexOf(k);
  return i === -1 ? priority.length : i;
}

export interface PersonShape {
  id: string;
  userId: string | null;
  /** Identifiers held, by kind. */
  counts: Record<string, number>;
  createdAt: Date;
}

/** The survivor of a merge: the person holding the highest-priority kind; tie → the older person (then the smaller id). */
export function chooseSurvivor<P extends PersonShape>(persons: P[], priority: string[]): P {
  const best = (p: PersonShape) => Math.min(priority.length, ...Object.entries(p.counts).filter(([, n]) => n > 0).map(([k]) => rankOf(k, priority)));
  return [...persons].sort((a, b) => best(a) - best(b) || a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1))[0];
}

/** Why `from` may not be merged into `into`, or null. Two different userIds are never merged automatically. */
export function mergeRefusal(into: PersonShape, from: PersonShape, s: IdentitySettings): ConflictRule | null {
  if (into.userId && from.userId && into.userId !== from.userId) return 'distinct_user_ids';
  if ((into.counts.anonymous_id ?? 0) + (from.counts.anonymous_id ?? 0) > s.maxAnonymousIdsPerPerson) return 'max_anonymous_ids';
  if ((into.counts.device_id ?? 0) + (from.counts.device_id ?? 0) > s.maxDeviceIdsPerPerson) return 'max_device_ids';
  return null;
}

/** Why a new identifier may not join `into`, or null. */
export function attachRefusal(into: PersonShape, ref: IdentifierRef, s: IdentitySettings): ConflictRule | null {
  if (ref.kind === 'user_id' && into.userId && into.userId !== ref.value) return 'distinct_user_ids';
  if (ref.kind === 'anonymous_id' && (into.counts.anonymous_id ?? 0) >= s.maxAnonymousIdsPerPerson) return 'max_anonymous_ids';
  if (ref.kind === 'device_id' && (into.counts.device_id ?? 0) >= s.maxDeviceIdsPerPerson) return 'max_device_ids';
  return null;
}

/**
 * Whether an observation may merge the person of a stored identifier. An identifier an operator split off is
 * pinned: ordinary events never move it, and only an identify/alias received after the split may merge it again.
 */
export function isLinkable(doc: { splitAt?: Date | null } | undefined, obs: Pick<Observation, 'mode' | 'receivedAt'>): boolean {
  if (obs.mode === 'track') return false;
  if (!doc?.splitAt) return true;
  return obs.receivedAt.getTime() > new Date(doc.splitAt).getTime();
}

/** The identifier of an observation that decides the event's person: the userId, else the device. */
export function attributionRef(ids: IdentifierRef[]): IdentifierRef | undefined {
  for (const kind of ATTRIBUTION_ORDER) {
    const r = ids.find((x) => x.kind === kind);
    if (r) return r;
  }
  return ids[0];
}

const TRAIT_KEY = /^[A-Za-z][A-Za-z0-9_]{0,59}$/;
const CONTACT = new Set(['email', 'name', 'phone', 'address']);

/** Keeps flat, well-named traits (they become dotted update paths); drops `$`/`.` keys and undefined values. */
export function sanitizeTraits(raw: unknown): Traits | null {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return null;
  const out: Traits = {};
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (!TRAIT_KEY.test(k) || v === undefined) continue;
    if (CONTACT.has(k) && k !== 'address' && typeof v !== 'string') continue;
    out[k] = v;
  }
  return Object.keys(out).length ? out : null;
}

/** Stored shape of traits: contact fields by category, the rest under `other`. */
export function storedTraits(flat: Traits): Record<string, unknown> {
  const stored: Record<string, unknown> = {};
  const other: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(flat)) (CONTACT.has(k) ? stored : other)[k] = v;
  if (Object.keys(other).length) stored.other = other;
  return stored;
}

export function flatTraits(stored: Record<string, any> | null | undefined): Traits {
  if (!stored) return {};
  const { other, ...contact } = stored;
  const out: Traits = { ...(other ?? {}) };
  // `<field>_bidx`: blind indexes the encryption plugin keeps next to looked-up fields, not traits.
  for (const [k, v] of Object.entries(contact)) if (v !== undefined && v !== null && !k.endsWith('_bidx')) out[k] = v;
  return out;
}

/**
 * `$set` paths for an identify's traits (merged into what the person has). Contact fields are set one by one;
 * the other traits form one encrypted value, so they are merged with the person's current ones (read under the
 * person's lock) and set whole.
 */
export function traitsSetPaths(flat: Traits, currentOther?: Record<string, unknown> | null): Record<string, unknown> {
  const set: Record<string, unknown> = {};
  let other: Record<string, unknown> | null = null;
  for (const [k, v] of Object.entries(flat)) {
    if (CONTACT.has(k)) set[`traits.${k}`] = v;
    else (other ??= { ...(currentOther && typeof currentOther === 'object' ? currentOther : {}) })[k] = v;
  }
  if (other) set['traits.other'] = other;
  return set;
}

function deviceOf(d: StoredEvent['device']): DeviceInfo | null {
  if (!d) return null;
  const out: DeviceInfo = {};
  if (d.os) out.os = d.os;
  if (d.appVersion) out.appVersion = d.appVersion;
  if (d.screen) out.screen = d.screen;
  return Object.keys(out).length ? out : null;
}

/** Priority order of an observation's identifiers (the order the stitcher attaches unknown ones in). */
const ORDER: Record<string, number> = { user_id: 0, email_hash: 1, device_id: 3, anonymous_id: 4 };
const orderOf = (k: string) => ORDER[k] ?? 2;

export function sortRefs(ids: IdentifierRef[]): IdentifierRef[] {
  return [...ids].sort((a, b) => orderOf(a.kind) - orderOf(b.kind));
}

/**
 * What one stored event tells the graph. identify events carry traits (and, with mergeOnEmail, the email hash);
 * alias events add the `previousId` identifier (`aliasFrom`, resolved to a kind by the stitcher).
 */
export function observationOf(e: StoredEvent, settings: IdentitySettings): Observation & { aliasFrom?: string } {
  const mode = e.type === 'identify' ? 'identify' : e.type === 'alias' ? 'alias' : 'track';
  const candidates: IdentifierRef[] = [];
  if (e.userId) candidates.push({ kind: 'user_id', value: e.userId });
  if (e.anonymousId) candidates.push({ kind: 'anonymous_id', value: e.anonymousId });
  if (e.deviceId) candidates.push({ kind: 'device_id', value: e.deviceId });
  const traits = mode === 'identify' ? sanitizeTraits(e.traits) : null;
  if (mode === 'identify' && settings.mergeOnEmail && typeof traits?.email === 'string' && traits.email.includes('@')) {
    candidates.push({ kind: 'email_hash', value: emailHash(traits.email) });
  }
  const ids: IdentifierRef[] = [];
  const blocked: IdentifierRef[] = [];
  for (const r of candidates) (isBlocked(r.value, settings) ? blocked : ids).push(r);
  const received = new Date(e.receivedAt);
  const ts = new Date(e.timestamp);
  const at = Number.isNaN(ts.getTime()) || ts > received ? received : ts;
  const previousId = mode === 'alias' ? (e.properties as { previousId?: unknown })?.previousId : undefined;
  return {
    ids: sortRefs(ids), blocked, mode, firstAt: at, at, receivedAt: received, channel: e.channel ?? null, device: deviceOf(e.device),
    traits, eventId: e.eventId,
    ...(typeof previousId === 'string' && previousId ? { aliasFrom: previousId } : {}),
  };
}

/**
 * Runs of track events with the same identifiers, channel and device become one observation (one store round
 * trip per device and batch instead of per event); identify and alias events stay on their own, in order.
 */
export function coalesce(events: StoredEvent[], settings: IdentitySettings): { obs: Observation & { aliasFrom?: string }; eventIds: string[] }[] {
  const out: { obs: Observation & { aliasFrom?: string }; eventIds: string[] }[] = [];
  const runs = new Map<string, { obs: Observation; eventIds: string[] }>();
  for (const e of events) {
    const obs = observationOf(e, settings);
    if (obs.mode !== 'track') { out.push({ obs, eventIds: [e.eventId] }); continue; }
    const key = JSON.stringify([obs.ids.map(refKey), obs.channel, obs.device]);
    const run = runs.get(key);
    if (!run) {
      const entry = { obs, eventIds: [e.eventId] };
      runs.set(key, entry);
      out.push(entry);
      continue;
    }
    run.eventIds.push(e.eventId);
    if (obs.at < run.obs.firstAt) run.obs.firstAt = obs.at;
    if (obs.at > run.obs.at) run.obs.at = obs.at;
    if (obs.receivedAt > run.obs.receivedAt) run.obs.receivedAt = obs.receivedAt;
  }
  return out;
}

/** Device kinds carry channel/device info on their identifier. */
export const isDeviceKind = (kind: string): boolean => DEVICE_KINDS.has(kind);
