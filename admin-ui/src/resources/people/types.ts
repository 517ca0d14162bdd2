import type { RaRecord } from 'react-admin';

/** Identifier kinds of the identity graph (docs/identity.md); `external:<ns>` carries its namespace. */
export type IdentifierKind = 'user_id' | 'anonymous_id' | 'device_id' | 'email_hash' | `external:${string}`;

export interface DeviceInfo {
  os?: string;
  appVersion?: string;
  screen?: string;
}

/** `GET /api/plugins/identity/persons` rows. */
export interface Person extends RaRecord<string> {
  userId: string | null;
  channels: string[];
  identifierCount: number;
  firstSeenAt: string | null;
  lastSeenAt: string | null;
  traits: Record<string, unknown> | null;
  /** Set when this person was merged into another (a tombstone): follow it. */
  mergedInto?: string | null;
}

export interface Identifier {
  id: string;
  kind: IdentifierKind | string;
  value: string;
  channel: string | null;
  device: DeviceInfo | null;
  firstSeenAt: string | null;
  lastSeenAt: string | null;
}

/** One device of a person: an anonymousId (browser/app install) or a deviceId. */
export interface Device {
  id?: string;
  kind?: string;
  anonymousId?: string | null;
  deviceId?: string | null;
  channel: string | null;
  screen?: string | null;
  os?: string | null;
  appVersion?: string | null;
  firstSeenAt: string | null;
  lastSeenAt: string | null;
}

/** `GET /api/plugins/identity/persons/:id` */
export interface PersonDetail extends Person {
  identifiers: Identifier[];
  devices: Device[];
}

export interface MergeRecord {
  id: string;
  action: 'merge' | 'split' | 'conflict';
  fromPersonId: string | null;
  intoPersonId: string | null;
  identifiers: string[];
  cause: 'identify' | 'alias' | 'operator' | string;
  rule: string | null;
  eventId: string | null;
  actor: string | null;
  at: string;
}

/** The identity plugin's per-tenant settings (merge rules). */
export interface IdentitySettings {
  blockedValues: string[];
  maxAnonymousIdsPerPerson: number;
  maxDeviceIdsPerPerson: number;
  identifierPriority: string[];
  mergeOnEmail: boolean;
}
