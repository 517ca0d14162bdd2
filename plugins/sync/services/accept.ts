import type { SyncOp } from '../crdt/ops.schema.ts';
import { applyOp } from '../crdt/apply.ts';
import { canonicalJson, lineKey, own, type SyncState } from '../crdt/state.ts';
import { decodeHlc, receive, DEFAULT_MAX_DRIFT_MS, type Hlc } from '../crdt/hlc.ts';
import { SyncErrors, type SyncErrorCode } from '../errors.ts';
import type { Build } from './store.ts';
import { format } from 'node:util';

export interface Rejection { opId: string | null; code: SyncErrorCode; message: string }

/** Server-side checks of a device's ops before they may be committed: its own device id, a sane clock, no repeats. */
export function screenOps(ops: SyncOp[], deviceId: string, now: number, maxDriftMs = DEFAULT_MAX_DRIFT_MS): { valid: SyncOp[]; rejected: Rejection[] } {
  const valid: SyncOp[] = [];
  const rejected: Rejection[] = [];
  const seen = new Set<string>();
  const server: Hlc = { wall: now, counter: 0, node: 'lockstep-server' };
  for (const op of ops) {
    if (op.deviceId !== deviceId) { rejected.push(reject(op.opId, 'SYNC_ERR_DEVICE_MISMATCH', [op.opId, op.deviceId])); continue; }
    const h = decodeHlc(op.hlc);
    if (!h || h.node !== op.deviceId) { rejected.push(reject(op.opId, 'SYNC_ERR_CLOCK_INVALID', [op.opId])); continue; }
    const r = receive(server, h, now, maxDriftMs);
    if (!r.ok) { rejected.push(reject(op.opId, r.error.code, [op.opId, r.error.message])); continue; }
    if (seen.has(op.opId)) continue;
    seen.add(op.opId);
    valid.push(op);
  }
  return { valid, rejected };
}

function reject(opId: string | null, code: SyncErrorCode, args: unknown[]): Rejection {
  return { opId, code, message: format(SyncErrors[code].message, ...args) };
}

/**
 * The part of the state an op can change (what `effectiveOps` compares): applying an op joins the one-op state
 * `stateOf(op)`, which holds a single cart line, wishlist entry, preference or resume entry — so only that entry can
 * differ. Recently viewed is compared whole (a new view may evict the oldest, capViewed).
 */
function section(s: SyncState, op: SyncOp): unknown {
  switch (op.kind) {
    case 'cart.add': case 'cart.setQuantity': case 'cart.remove': return own(s.cart, lineKey(op.productId, op.variantId ?? null)) ?? null;
    case 'wishlist.add': case 'wishlist.remove': return own(s.wishlist, op.productId) ?? null;
    case 'viewed.add': return s.viewed;
    case 'pref.set': return own(s.preferences, op.key) ?? null;
    case 'resume.set': return own(s.resume, op.deviceId) ?? null;
  }
}

/** Ops that change the state (a replayed or superseded op changes nothing and is acknowledged without a commit). */
export function effectiveOps(state: SyncState, ops: SyncOp[]): SyncOp[] {
  const out: SyncOp[] = [];
  let s = state;
  for (const op of ops) {
    const next = applyOp(s, op);
    if (canonicalJson(section(next, op)) !== canonicalJson(section(s, op))) out.push(op);
    s = next;
  }
  return out;
}

/** The store's `Build` for a device's screened ops. */
export function buildFromDevice(deviceId: string, ops: SyncOp[]): Build {
  return (cur) => {
    const eff = effectiveOps(cur.state, ops);
    return eff.length ? { ops: eff, deviceId } : null;
  };
}
