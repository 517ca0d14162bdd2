import type { ConflictRule, MergeAction, MergeCause } from './constants.ts';

/** `user_id`, `anonymous_id`, `device_id`, `email_hash` or `external:<namespace>`. */
export type IdentifierKind = 'user_id' | 'anonymous_id' | 'device_id' | 'email_hash' | `external:${string}`;

export interface IdentifierRef {
  kind: IdentifierKind;
  value: string;
}

export interface DeviceInfo {
  os?: string;
  appVersion?: string;
  screen?: string;
}

/** Per-tenant merge rules (the plugin's settings; see docs/identity.md). */
export interface IdentitySettings {
  /** Identifier values never stitched, compared case-insensitively after trimming. */
  blockedValues: string[];
  /** @defaultValue 50 */
  maxAnonymousIdsPerPerson: number;
  /** @defaultValue 50 */
  maxDeviceIdsPerPerson: number;
  /** Which person survives a merge: the one holding the highest-ranked kind; ties go to the older person. */
  identifierPriority: string[];
  /** Stitch persons sharing an email hash (from identify traits). @defaultValue false */
  mergeOnEmail: boolean;
}

/** Traits as identify sends them, sanitised: the known contact fields plus any other flat keys. */
export type Traits = Record<string, unknown>;

/**
 * What one event (or a run of events with the same identifiers) tells the graph. `track` observations record
 * identifiers and attach unseen ones to the event's person; `identify` and `alias` may also merge persons.
 */
export interface Observation {
  ids: IdentifierRef[];
  /** Identifiers dropped because their value is blocked (recorded as conflicts on identify/alias). */
  blocked: IdentifierRef[];
  mode: 'track' | 'identify' | 'alias';
  /** Earliest and latest activity time of the observation (client clock, never after the server clock). */
  firstAt: Date;
  at: Date;
  /** Server clock of the newest event: compared with an identifier's splitAt (only newer identifies re-merge it). */
  receivedAt: Date;
  channel: string | null;
  device: DeviceInfo | null;
  traits: Traits | null;
  eventId: string | null;
  /** alias: the identifier whose person survives. */
  into?: IdentifierRef;
  /** Who asked (operator actions through the API). */
  actor?: string | null;
  /** Not shopper activity (an operator's alias): first/last seen and channels stay as they are. */
  noActivity?: boolean;
}

export interface MergeRecordView {
  id: string;
  action: MergeAction;
  fromPersonId: string | null;
  intoPersonId: string | null;
  identifiers: string[];
  cause: MergeCause;
  rule: ConflictRule | null;
  eventId: string | null;
  actor: string | null;
  at: string;
}

export interface StitchOutcome {
  /** The person the observation's event belongs to (its userId's person, else its device's). */
  personId: string | null;
  merges: MergeRecordView[];
  conflicts: MergeRecordView[];
  /** Persons created by this observation. */
  created: string[];
}

export interface IdentifyInput {
  anonymousId?: string;
  userId?: string;
  deviceId?: string;
  traits?: Traits;
  channel?: string;
  device?: DeviceInfo;
  eventId?: string;
  at?: Date;
}

/** What `ctx.use<IdentityApi>('identity')` gives dependent plugins (sync, experiments, consent …). */
export interface IdentityApi {
  /** The person of one identifier: an in-memory cache hit or one lookup by primary key; null when unknown. */
  resolve(tenantId: string, ref: IdentifierRef): Promise<string | null>;
  /** The person a stored event belongs to (its userId's person, else its device's); null when unknown. */
  resolveEvent(tenantId: string, event: { userId?: string | null; anonymousId?: string | null; deviceId?: string | null }): Promise<string | null>;
  /** Identifiers of a person (a merged id answers those of the person it was merged into). */
  identifiersOf(tenantId: string, personId: string): Promise<(IdentifierRef & { channel: string | null; lastSeenAt: Date | null })[]>;
  /** Records an identification as an identify event would, with the same rules. */
  identify(tenantId: string, input: IdentifyInput): Promise<{ personId: string | null; merged?: { fromPersonId: string; intoPersonId: string; identifiers: string[] } }>;
  /** Rectification (privacy requests): corrected contact traits (email, name, phone, address; null removes one). */
  rectify(tenantId: string, personId: string, traits: Record<string, unknown>): Promise<{ personId: string; fields: string[] }>;
  /** Live persons with this e-mail address (email-hash identifier or stored trait), for privacy requests. */
  personsByEmail(tenantId: string, email: string): Promise<string[]>;
}
