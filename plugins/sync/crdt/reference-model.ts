// The sequential specification of the merge rules (README.md), used by the property tests and the chaos test as
// the reference the CRDT must equal: every op sorted by (HLC, deviceId, opId) and interpreted one by one. Not used
// by the product itself.
import type { SyncOp } from './ops.schema.ts';
import { RECENTLY_VIEWED_CAP, compareStamp, lineKey } from './state.ts';
import type { SyncView } from './view.ts';

/** Reference model: sort every op by (HLC, deviceId, opId) and interpret them one by one with the README rules. */
export function reference(all: SyncOp[]): SyncView {
  const byId = new Map(all.map((o) => [o.opId, o]));
  const ops = [...byId.values()].sort(compareStamp);
  type Contribution = { op: SyncOp & { kind: 'cart.add' | 'cart.setQuantity' }; at: number };
  const lines = new Map<string, { productId: string; variantId: string | null; live: Contribution[] }>();
  const wish = new Map<string, { opId: string; at: number }[]>();
  const viewed = new Map<string, number>();
  const prefs: Record<string, string> = {};
  const resume = new Map<string, { checkoutStep: string | null; lastProductId: string | null }>();
  ops.forEach((op, at) => {
    switch (op.kind) {
      case 'cart.add': case 'cart.setQuantity': case 'cart.remove': {
        const key = lineKey(op.productId, op.variantId);
        const line = lines.get(key) ?? { productId: op.productId, variantId: op.variantId ?? null, live: [] };
        lines.set(key, line);
        if (op.kind === 'cart.remove') line.live = line.live.filter((c) => !op.observed.includes(c.op.opId));
        else line.live.push({ op, at });
        break;
      }
      case 'wishlist.add': wish.set(op.productId, [...(wish.get(op.productId) ?? []), { opId: op.opId, at }]); break;
      case 'wishlist.remove': wish.set(op.productId, (wish.get(op.productId) ?? []).filter((a) => !op.observed.includes(a.opId))); break;
      case 'viewed.add': viewed.set(op.productId, at); break;
      case 'pref.set': prefs[op.key] = op.value; break;
      case 'resume.set': {
        const r = resume.get(op.deviceId) ?? { checkoutStep: null, lastProductId: null };
        if (op.checkoutStep !== undefined) r.checkoutStep = op.checkoutStep;
        if (op.lastProductId !== undefined) r.lastProductId = op.lastProductId;
        resume.set(op.deviceId, r);
      }
    }
  });
  const cart = [...lines.values()].filter((l) => l.live.length).sort((x, y) => x.live[0]!.at - y.live[0]!.at).map((l) => {
    // the latest live set is the base; adds it observed are folded into it, the others add on top
    const sets = l.live.filter((c) => c.op.kind === 'cart.setQuantity');
    const base = sets.at(-1)?.op as (SyncOp & { kind: 'cart.setQuantity' }) | undefined;
    let quantity = base?.quantity ?? 0;
    let priced: (SyncOp & { kind: 'cart.add' }) | undefined;
    for (const c of l.live) {
      if (c.op.kind !== 'cart.add') continue;
      if (!base?.observed.includes(c.op.opId)) quantity += c.op.quantity;
      if (c.op.priceSeen !== undefined) priced = c.op;
    }
    return { productId: l.productId, variantId: l.variantId, quantity, priceSeen: priced?.priceSeen ?? null, currency: priced?.currency ?? null, addedBy: l.live[0]!.op.deviceId };
  });
  const wishlist = [...wish.entries()].filter(([, a]) => a.length).sort(([, x], [, y]) => y.at(-1)!.at - x.at(-1)!.at).map(([p]) => p);
  const recentlyViewed = [...viewed.entries()].sort(([, x], [, y]) => y - x).slice(0, RECENTLY_VIEWED_CAP).map(([p]) => p);
  return { cart, wishlist, recentlyViewed, preferences: prefs, resume: Object.fromEntries([...resume.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) };
}

