// The sync wire protocol (WebSocket frames, also the SSE `data:` payloads and the HTTP fallback bodies).
// Client frames are TypeBox schemas (the server validates with them); server frames are plain types the SDK imports.
import { Type, type Static } from 'typebox';
import { SyncOp } from '../crdt/ops.schema.ts';
import type { SyncState } from '../crdt/state.ts';
import type { SyncView } from '../crdt/view.ts';

/** Largest frame either side sends (bytes of UTF-8 JSON). */
export const MAX_FRAME_BYTES = 64 * 1024;
/** Most ops in one `ops` frame or one POST /v1/sync/ops. */
export const MAX_OPS_PER_FRAME = 100;

const Seq = Type.Integer({ minimum: 0, description: 'A person\'s commit sequence number (0 = nothing seen yet)' });
const Hash = Type.String({ pattern: '^[0-9a-f]{64}$', description: 'digest(view) — sha256 hex of the canonical JSON of the view' });
const strict = { additionalProperties: false } as const;

/** First frame of a connection (and a resume after a gap): the last commit this device has fully applied. */
export const HelloFrame = Type.Object({
  type: Type.Literal('hello'),
  lastSeq: Type.Optional(Seq),
  /** The `personKey` of the snapshot `lastSeq` belongs to. Without it (or when the device's person changed, e.g. after
   * a login merged it) the server answers with a snapshot instead of the missed ops. */
  personKey: Type.Optional(Type.String({ maxLength: 200 })),
  /** digest of the device's view at `lastSeq` (no pending ops): a mismatch gets a snapshot instead of missed ops. */
  digest: Type.Optional(Hash),
  /** SDK name/version, for the console. */
  client: Type.Optional(Type.String({ maxLength: 64 })),
}, strict);
/** Ops the device applied locally; answered with `ack` (accepted or already known) and/or `nack` per op. */
export const OpsFrame = Type.Object({ type: Type.Literal('ops'), ops: Type.Array(SyncOp, { minItems: 1, maxItems: MAX_OPS_PER_FRAME }) }, strict);
/** The device has applied every commit up to `seq` (sent after each pushed `ops`/`snapshot`): convergence time. */
export const SeenFrame = Type.Object({ type: Type.Literal('seen'), seq: Seq }, strict);
/** Periodic divergence check: digest of the device's base view at `seq` (sent only with no pending ops). */
export const DigestFrame = Type.Object({ type: Type.Literal('digest'), seq: Seq, hash: Hash }, strict);
export const PingFrame = Type.Object({ type: Type.Literal('ping') }, strict);
/** "Continue where you left off" is per device; everything else is per person. */
export const ClientFrame = Type.Union([HelloFrame, OpsFrame, SeenFrame, DigestFrame, PingFrame]);
export type ClientFrame = Static<typeof ClientFrame>;
export type HelloFrame = Static<typeof HelloFrame>;

/** Current catalogue facts of the products in a person's cart and wishlist (price changes reach every device). */
export interface CatalogFacts {
  [productId: string]: { price: number; currency: string; stock: number; title?: string } | null;
}

/** Why the server sent a full snapshot instead of ops. */
export type SnapshotReason =
  | 'hello'    // first connection or the device's lastSeq is older than the retained log
  | 'digest'   // the device's digest did not match the server's view at that seq (counted as divergence)
  | 'slow'     // the device fell behind (too many queued frames): its queue was dropped (counted as resync)
  | 'gap'      // a commit could not be delivered in order
  | 'merge'    // the device's state was re-keyed: identity merge (anonymous → logged in) or split
  | 'request'; // the client asked (hello without lastSeq)

export type ServerFrame =
  /** Replaces the device's base state (its pending ops are re-applied on top). */
  | { type: 'snapshot'; reason: SnapshotReason; seq: number; state: SyncState; view: SyncView; catalog: CatalogFacts; personKey: string; serverTime: number }
  /** Commits `fromSeq..seq` in order (a device applies ops frames idempotently; its own ops come back too). */
  | { type: 'ops'; fromSeq: number; seq: number; ops: SyncOp[]; origin?: string }
  /** The listed ops are durable (written before this frame is sent); `seq` is the commit that holds them. */
  | { type: 'ack'; opIds: string[]; seq: number }
  /** One op refused: nothing of it was applied. `retryAfterMs` on SYNC_ERR_RATE_LIMITED. */
  | { type: 'nack'; opId: string | null; code: string; message: string; retryAfterMs?: number }
  | { type: 'catalog'; products: CatalogFacts }
  | { type: 'pong'; serverTime: number }
  /** Fatal for the connection when followed by a close (4400 bad frame, 4401 auth, 4403 disabled, 4408 idle). */
  | { type: 'error'; code: string; message: string };

/** Body of POST /v1/sync/token: the device asking for a sync token. */
export const TokenRequest = Type.Object({
  anonymousId: Type.String({ pattern: '^[A-Za-z0-9_.:-]{1,128}$' }),
  deviceId: Type.String({ pattern: '^[A-Za-z0-9_.:-]{1,128}$' }),
  userId: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  channel: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9_-]{0,31}$', description: 'web, app, tablet, watch, social, store …' })),
}, strict);
export type TokenRequest = Static<typeof TokenRequest>;
export const TokenResponse = Type.Object({
  token: Type.String(),
  expiresAt: Type.String({ format: 'date-time' }),
  /** Where the device's state lives: `p:<personId>` once the identity graph knows the device, else `a:<anonymousId>`. */
  personKey: Type.String(),
});

/** POST /v1/sync/ops (HTTP fallback): same ops and answers as the socket. */
export const PostOpsBody = Type.Object({ ops: Type.Array(SyncOp, { minItems: 1, maxItems: MAX_OPS_PER_FRAME }) }, strict);
export type PostOpsBody = Static<typeof PostOpsBody>;
export interface PostOpsResult { seq: number; acked: string[]; rejected: { opId: string | null; code: string; message: string }[] }
