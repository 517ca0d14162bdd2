import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyOps } from '../crdt/apply.ts';
import { mergeStates } from '../crdt/merge.ts';
import { emptyState } from '../crdt/state.ts';
import { view } from '../crdt/view.ts';
import type { SyncOp } from '../crdt/ops.schema.ts';
import { policyOps } from './merge-policy.ts';
import { stateOfDevices } from './rekey.ts';

const h = (ms: number, node: string) => `${String(ms).padStart(15, '0')}.000000.${node}`;
const add = (dev: string, ms: number, productId: string, quantity = 1): SyncOp => ({ kind: 'cart.add', opId: `${dev}:${ms}:${productId}`, hlc: h(ms, dev), deviceId: dev, productId, quantity });
let n = 0;
const stamp = () => ({ opId: `server:${++n}`, hlc: h(9_000, 'lockstep-server'), deviceId: 'lockstep-server' });
const joined = (policy: 'merge' | 'replace' | 'keep_newest', person: SyncOp[], anon: SyncOp[]) => {
  const s = applyOps(emptyState(), person);
  const a = applyOps(emptyState(), anon);
  return view(applyOps(mergeStates(s, a), policyOps(policy, s, a, stamp))).cart.map((l) => [l.productId, l.quantity]);
};

test('merge: union, quantities of one line add up', () => {
  assert.deepEqual(joined('merge', [add('desk', 1, 'p1'), add('desk', 2, 'p2')], [add('phone', 5, 'p2', 2)]), [['p1', 1], ['p2', 3]]);
});
test('replace: the cart of the device that logged in replaces the older cart', () => {
  assert.deepEqual(joined('replace', [add('desk', 10, 'p1'), add('desk', 11, 'p2')], [add('phone', 5, 'p2', 2)]), [['p2', 2]]);
});
test('keep_newest: the cart edited last wins whole, whichever side it is', () => {
  assert.deepEqual(joined('keep_newest', [add('desk', 10, 'p1')], [add('phone', 5, 'p2')]), [['p1', 1]]);
  assert.deepEqual(joined('keep_newest', [add('desk', 1, 'p1')], [add('phone', 5, 'p2')]), [['p2', 1]]);
});
test('an empty cart never wipes the other', () => {
  assert.deepEqual(joined('replace', [add('desk', 1, 'p1')], []), [['p1', 1]]);
  assert.deepEqual(joined('keep_newest', [], [add('phone', 1, 'p2')]), [['p2', 1]]);
});
test('split: the new person gets only what the split-off devices contributed', () => {
  const s = applyOps(emptyState(), [add('desk', 1, 'p1'), add('phone', 2, 'p1', 2), add('phone', 3, 'p3'), { kind: 'wishlist.add', opId: 'w1', hlc: h(4, 'desk'), deviceId: 'desk', productId: 'p9' }]);
  const v = view(stateOfDevices(s, new Set(['phone'])));
  assert.deepEqual(v.cart.map((l) => [l.productId, l.quantity]), [['p1', 2], ['p3', 1]]);
  assert.deepEqual(v.wishlist, []);
});
