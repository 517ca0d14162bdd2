import type { CartRemoveOp, SyncOp } from '../crdt/ops.schema.ts';
import { compareStamp, type Stamp, type SyncState } from '../crdt/state.ts';
import { lineView } from '../crdt/view.ts';
import type { AnonymousCartPolicy } from '../schemas/settings.schema.ts';

/**
 * Server ops that carry out a merchant's anonymous-cart policy when the state `absorbed` (the device that just logged
 * in, or the person an identity merge absorbed) is joined into `survivor`:
 * - merge: none (the join is the union: lines of both, quantities of one line add up);
 * - replace: every live cart contribution of the survivor that the absorbed state lacks is removed — the cart the
 *   shopper just built replaces the older one;
 * - keep_newest: the cart whose newest live contribution is newer wins whole; the other's contributions are removed.
 * An empty cart never wipes the other (replacing a full cart with nothing would just lose it). The removals are
 * ordinary `cart.remove` ops with `observed` lists, so every device converges on them like on any other op.
 */
export function policyOps(policy: AnonymousCartPolicy, survivor: SyncState, absorbed: SyncState, stamp: (i: number) => { opId: string; hlc: string; deviceId: string }): SyncOp[] {
  if (policy === 'merge') return [];
  const sNewest = newestLive(survivor);
  const aNewest = newestLive(absorbed);
  if (!sNewest || !aNewest) return [];
  const loser = policy === 'replace' || compareStamp(aNewest, sNewest) > 0 ? survivor : absorbed;
  const winner = loser === survivor ? absorbed : survivor;
  const ops: SyncOp[] = [];
  for (const [key, line] of Object.entries(loser.cart)) {
    const keepIds = new Set(Object.keys(winner.cart[key]?.contributions ?? {}));
    const observed = Object.keys(line.contributions).filter((id) => !Object.hasOwn(line.removed, id) && !keepIds.has(id)).sort();
    if (!observed.length) continue;
    const op: CartRemoveOp = { ...stamp(ops.length), kind: 'cart.remove', productId: line.productId, ...(line.variantId !== null ? { variantId: line.variantId } : {}), observed };
    ops.push(op);
  }
  return ops;
}

function newestLive(s: SyncState): Stamp | null {
  let best: Stamp | null = null;
  for (const line of Object.values(s.cart)) {
    if (!lineView(line)) continue;
    for (const c of Object.values(line.contributions)) {
      if (Object.hasOwn(line.removed, c.opId)) continue;
      if (!best || compareStamp(c, best) > 0) best = c;
    }
  }
  return best;
}
