/**
 * Shapes of the sync plugin's console API (`/api/plugins/sync/*`, /work/notes/sync-contract.md "Console"). The view,
 * catalogue facts and ops are the plugin's own types, so the console cannot drift from the wire.
 */
import type { RaRecord } from 'react-admin';
import type { SyncOp } from '../../../../plugins/sync/crdt/ops.schema.ts';
import type { CartLineView, SyncView } from '../../../../plugins/sync/crdt/view.ts';
import type { CatalogFacts } from '../../../../plugins/sync/protocol/frames.ts';

export type { CartLineView, CatalogFacts, SyncOp, SyncView };
export type SyncOpKind = SyncOp['kind'];

/** `GET /api/plugins/sync/states` rows; `id` is the person key (`p:<personId>` or `a:<anonymousId>`). */
export interface SyncStateRow extends RaRecord<string> {
  personId: string | null;
  seq: number;
  updatedAt: string | null;
  cartLines: number;
  cartQuantity: number;
  wishlistItems: number;
  devicesOnline: number;
}

export type SyncTransport = 'ws' | 'sse' | 'http';

/** One device of a person as the sync server knows it (connection, what it has applied, divergence check). */
export interface SyncDevice {
  deviceId: string;
  channel: string | null;
  online: boolean;
  transport: SyncTransport | null;
  /** The API instance holding the connection. */
  instance: string | null;
  connectedAt: string | null;
  lastSeenAt: string | null;
  /** Last commit the device said it applied (`seen`). */
  seenSeq: number | null;
  lastDigestAt: string | null;
  /** Result of the last digest check: true matched, false diverged, null never checked. */
  inSync: boolean | null;
  lastOp: { opId: string; kind: SyncOpKind | string; at: string } | null;
}

/** One commit of the person's op log. */
export interface SyncCommit {
  seq: number;
  at: string;
  deviceId: string | null;
  ops: SyncOp[];
  /** A re-key commit: another state (an anonymous device, a merged person) was joined into this one. */
  merged?: boolean;
}

/** `GET /api/plugins/sync/states/:id` */
export interface SyncStateDetail extends SyncStateRow {
  /** Set when this state was merged into another person's (identity merge): the live state is there. */
  movedTo?: string | null;
  view: SyncView;
  catalog: CatalogFacts;
  devices: SyncDevice[];
  /** Newest first, at most 50. */
  recentOps: SyncCommit[];
}

export interface HealthBucket {
  /** ISO minute. */
  t: string;
  convergenceP50: number | null;
  convergenceP99: number | null;
  commits: number;
  resyncs: number;
  digestMismatches: number;
  connectedDevices: number;
}

/**
 * `GET /api/plugins/sync/health?minutes=N`. `now.connectedDevices` is the latest minute's; the convergence
 * percentiles and the resync / mismatch counts of `now` are over the whole window.
 */
export interface SyncHealth {
  buckets: HealthBucket[];
  now: {
    connectedDevices: number;
    convergenceP50: number | null;
    convergenceP99: number | null;
    resyncs: number;
    digestMismatches: number;
  };
}

export const CART_POLICIES = ['merge', 'replace', 'keep_newest'] as const;
export type AnonymousCartPolicy = (typeof CART_POLICIES)[number];

/** The sync plugin's per-tenant settings (merge policy and limits). */
export interface SyncSettings {
  anonymousCartPolicy: AnonymousCartPolicy;
  opLogRetention: number;
  maxOpsPerSecond: number;
  tokenTtlMinutes: number;
  userIdNeedsSecretKey: boolean;
}
