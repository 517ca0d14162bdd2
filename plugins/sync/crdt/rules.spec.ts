// Example-based tests, one per merge rule in README.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Value } from 'typebox/value';
import { encodeHlc } from './hlc.ts';
import { SyncOp } from './ops.schema.ts';
import { applyOps } from './apply.ts';
import { emptyState } from './state.ts';
import { view } from './view.ts';
import { digest } from './digest.ts';

const T0 = 1_700_000_000_000;
const env = (opId: string, ms: number, deviceId = 'dev-a') => ({ opId, hlc: encodeHlc({ wall: T0 + ms, counter: 0, node: deviceId }), deviceId });
const run = (ops: SyncOp[]) => view(applyOps(emptyState(), ops));

test('wishlist: an add concurrent with a remove survives; an observed add is removed', () => {
  const a1: SyncOp = { ...env('a1', 1), kind: 'wishlist.add', productId: 'p1' };
  const a2: SyncOp = { ...env('a2', 3), kind: 'wishlist.add', productId: 'p1' };
  const rm: SyncOp = { ...env('r1', 5, 'dev-b'), kind: 'wishlist.remove', productId: 'p1', observed: ['a1'] };
  assert.deepEqual(run([a1, rm]).wishlist, []);
  assert.deepEqual(run([a1, a2, rm]).wishlist, ['p1'], 'a2 was not observed by the remove, even though it is older by HLC');
  assert.deepEqual(run([rm, a1]).wishlist, [], 'a remove delivered before its add still wins over it');
});

test('cart: two concurrent adds of the same line both count; a set overrides only what it observed', () => {
  const add1: SyncOp = { ...env('c1', 1), kind: 'cart.add', productId: 'p1', quantity: 2, priceSeen: 10, currency: 'EUR' };
  const add2: SyncOp = { ...env('c2', 1, 'dev-b'), kind: 'cart.add', productId: 'p1', quantity: 3 };
  assert.equal(run([add1, add2]).cart[0]!.quantity, 5);
  const set: SyncOp = { ...env('s1', 4), kind: 'cart.setQuantity', productId: 'p1', quantity: 1, observed: ['c1'] };
  const lines = run([add2, set, add1]);
  assert.deepEqual(lines.cart, [{ productId: 'p1', variantId: null, quantity: 4, priceSeen: 10, currency: 'EUR', addedBy: 'dev-a' }]);
});

test('cart: a remove drops the observed contributions; a concurrent add keeps the line with its own quantity', () => {
  const add1: SyncOp = { ...env('c1', 1), kind: 'cart.add', productId: 'p1', variantId: 'red', quantity: 2 };
  const rm: SyncOp = { ...env('r1', 3), kind: 'cart.remove', productId: 'p1', variantId: 'red', observed: ['c1'] };
  const add2: SyncOp = { ...env('c2', 2, 'dev-b'), kind: 'cart.add', productId: 'p1', variantId: 'red', quantity: 1 };
  assert.deepEqual(run([add1, rm]).cart, []);
  assert.deepEqual(run([rm, add2, add1]).cart.map((l) => [l.variantId, l.quantity, l.addedBy]), [['red', 1, 'dev-b']]);
});

test('preferences: last writer by HLC wins; equal HLC wall/counter is broken by device id', () => {
  const p1: SyncOp = { ...env('x1', 5, 'dev-b'), kind: 'pref.set', key: 'currency', value: 'USD' };
  const p2: SyncOp = { ...env('x2', 5, 'dev-a'), kind: 'pref.set', key: 'currency', value: 'EUR' };
  const p3: SyncOp = { ...env('x3', 1, 'dev-c'), kind: 'pref.set', key: 'language', value: 'fr-FR' };
  assert.deepEqual(run([p1, p2, p3]).preferences, { currency: 'USD', language: 'fr-FR' });
  assert.deepEqual(run([p3, p2, p1]).preferences, { currency: 'USD', language: 'fr-FR' });
});

test('resume: per device, per field last writer wins; null clears a field', () => {
  const ops: SyncOp[] = [
    { ...env('q1', 1), kind: 'resume.set', checkoutStep: 'shipping', lastProductId: 'p1' },
    { ...env('q2', 2), kind: 'resume.set', lastProductId: 'p2' },
    { ...env('q3', 3, 'dev-b'), kind: 'resume.set', checkoutStep: null },
  ];
  assert.deepEqual(run(ops).resume, { 'dev-a': { checkoutStep: 'shipping', lastProductId: 'p2' }, 'dev-b': { checkoutStep: null, lastProductId: null } });
});

test('recently viewed: newest first, re-viewing moves a product up, at most 50 kept', () => {
  const ops: SyncOp[] = Array.from({ length: 60 }, (_, i) => ({ ...env(`v${i}`, i), kind: 'viewed.add' as const, productId: `p${i}` }));
  ops.push({ ...env('again', 100), kind: 'viewed.add', productId: 'p20' });
  const s = applyOps(emptyState(), ops);
  const v = view(s).recentlyViewed;
  assert.equal(v.length, 50);
  assert.deepEqual(v.slice(0, 3), ['p20', 'p59', 'p58']);
  assert.ok(!v.includes('p9'));
  assert.equal(Object.keys(s.viewed).length, 50);
});

test('ids such as __proto__ are plain data', () => {
  const ops: SyncOp[] = [{ ...env('w1', 1), kind: 'wishlist.add', productId: '__proto__' }, { ...env('w2', 2), kind: 'cart.add', productId: '__proto__', quantity: 1 }];
  const v = run(ops);
  assert.deepEqual(v.wishlist, ['__proto__']);
  assert.equal(v.cart[0]!.productId, '__proto__');
});

test('digest: same for the same view whatever the delivery order, different when the view differs', () => {
  const a: SyncOp = { ...env('a1', 1), kind: 'wishlist.add', productId: 'p1' };
  const b: SyncOp = { ...env('b1', 2, 'dev-b'), kind: 'pref.set', key: 'size', value: 'M' };
  assert.equal(digest(run([a, b])), digest(run([b, a])));
  assert.notEqual(digest(run([a, b])), digest(run([a])));
  assert.match(digest(run([])), /^[0-9a-f]{64}$/);
});

test('op schema accepts well-formed ops and rejects bad ones', () => {
  assert.ok(Value.Check(SyncOp, { ...env('a1', 1), kind: 'cart.add', productId: 'p1', quantity: 1 }));
  assert.ok(!Value.Check(SyncOp, { ...env('a1', 1), kind: 'cart.add', productId: 'p1', quantity: 0 }), 'quantity > 0');
  assert.ok(!Value.Check(SyncOp, { ...env('a1', 1), hlc: 'yesterday', kind: 'wishlist.add', productId: 'p1' }), 'hlc format');
  assert.ok(!Value.Check(SyncOp, { ...env('a1', 1), kind: 'pref.set', key: 'currency', value: 'euro' }));
  assert.ok(!Value.Check(SyncOp, { ...env('a1', 1), kind: 'wishlist.add', productId: 'p1', extra: 1 }), 'no extra fields');
});
