// Applying an op = joining the state with the one-op state it denotes, so `applyOp` inherits the join's laws:
// delivery order does not matter and a replayed op changes nothing. Pure (copy-on-write).
import type { SyncOp } from './ops.schema.ts';
import { mergeStates } from './merge.ts';
import { emptyState, lineKey, type CartContribution, type IdSet, type Stamp, type SyncState } from './state.ts';

export function applyOp(state: SyncState, op: SyncOp): SyncState {
  return mergeStates(state, stateOf(op));
}

export function applyOps(state: SyncState, ops: Iterable<SyncOp>): SyncState {
  let s = state;
  for (const op of ops) s = applyOp(s, op);
  return s;
}

/** The smallest state that contains `op`. */
export function stateOf(op: SyncOp): SyncState {
  const stamp: Stamp = { opId: op.opId, hlc: op.hlc, deviceId: op.deviceId };
  const s = emptyState();
  switch (op.kind) {
    case 'cart.add':
    case 'cart.setQuantity':
    case 'cart.remove': {
      const variantId = op.variantId ?? null;
      let contributions: Record<string, CartContribution> = {};
      let removed: IdSet = {};
      if (op.kind === 'cart.add') {
        contributions = { [op.opId]: {
          ...stamp, kind: 'add', quantity: op.quantity,
          ...(op.priceSeen !== undefined ? { priceSeen: op.priceSeen } : {}), ...(op.currency !== undefined ? { currency: op.currency } : {}),
        } };
      } else if (op.kind === 'cart.setQuantity') {
        contributions = { [op.opId]: { ...stamp, kind: 'set', quantity: op.quantity, observed: sortedUnique(op.observed) } };
      } else {
        removed = idSet(op.observed);
      }
      return { ...s, cart: { [lineKey(op.productId, variantId)]: { productId: op.productId, variantId, contributions, removed } } };
    }
    case 'wishlist.add':
      return { ...s, wishlist: { [op.productId]: { adds: { [op.opId]: stamp }, removed: {} } } };
    case 'wishlist.remove':
      return { ...s, wishlist: { [op.productId]: { adds: {}, removed: idSet(op.observed) } } };
    case 'viewed.add':
      return { ...s, viewed: { [op.productId]: stamp } };
    case 'pref.set':
      return { ...s, preferences: { [op.key]: { ...stamp, value: op.value } } };
    case 'resume.set': {
      const entry = {
        ...(op.checkoutStep !== undefined ? { checkoutStep: { ...stamp, value: op.checkoutStep } } : {}),
        ...(op.lastProductId !== undefined ? { lastProductId: { ...stamp, value: op.lastProductId } } : {}),
      };
      return { ...s, resume: { [op.deviceId]: entry } };
    }
  }
}

function sortedUnique(ids: readonly string[]): string[] {
  return [...new Set(ids)].sort();
}

function idSet(ids: readonly string[]): IdSet {
  const out: Record<string, true> = {};
  for (const id of ids) Object.defineProperty(out, id, { value: true, enumerable: true, writable: true, configurable: true });
  return out;
}
