// Property-based tests of the merge rules: random multi-device histories (concurrent and causally ordered ops).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { encodeHlc, initialHlc, receive, tick, decodeHlc, type Hlc } from './hlc.ts';
import type { SyncOp } from './ops.schema.ts';
import { applyOps } from './apply.ts';
import { mergeStates } from './merge.ts';
import { RECENTLY_VIEWED_CAP, canonicalJson, compareStamp, emptyState, lineKey } from './state.ts';
import { view } from './view.ts';
import { reference } from './reference-model.ts';
import { effectiveOps } from '../services/accept.ts';

const DEVICES = ['dev-a', 'dev-b', 'dev-c'];
const T0 = 1_700_000_000_000;
const lineOf = (i: number) => ({ productId: `p${i >> 1}`, ...(i & 1 ? { variantId: 'v1' } : {}) });
const cmdArb = fc.oneof(
  { weight: 4, arbitrary: fc.record({ t: fc.constant('act' as const), d: fc.nat(2), action: fc.nat(7), item: fc.nat(3), qty: fc.integer({ min: 1, max: 5 }), dt: fc.nat(3), flag: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('sync' as const), from: fc.nat(2), to: fc.nat(2), dt: fc.nat(3) }) },
);
const skewArb = fc.tuple(fc.integer({ min: -5, max: 5 }), fc.integer({ min: -5, max: 5 }), fc.integer({ min: -5, max: 5 }));
type Cmd = typeof cmdArb extends fc.Arbitrary<infer C> ? C : never;

/** Runs a history; returns every op and what each device has received, in its own receipt order. */
function simulate(cmds: Cmd[], skew: number[]): { ops: SyncOp[]; known: SyncOp[][] } {
  const clocks: Hlc[] = DEVICES.map((d) => initialHlc(d));
  const known: SyncOp[][] = DEVICES.map(() => []);
  const ops: SyncOp[] = [];
  let now = T0;
  let n = 0;
  for (const c of cmds) {
    now += c.dt;
    if (c.t === 'sync') {
      const have = new Set(known[c.to]!.map((o) => o.opId));
      const fresh = known[c.from]!.filter((o) => !have.has(o.opId));
      if (!fresh.length) continue;
      const newest = fresh.map((o) => decodeHlc(o.hlc)!).reduce((m, h) => (encodeHlc(h) > encodeHlc(m) ? h : m));
      const r = receive(clocks[c.to]!, newest, now + skew[c.to]!);
      assert.ok(r.ok);
      if (r.ok) clocks[c.to] = r.clock;
      known[c.to]!.push(...fresh);
      continue;
    }
    const deviceId = DEVICES[c.d]!;
    clocks[c.d] = tick(clocks[c.d]!, now + skew[c.d]!);
    const env = { opId: `${deviceId}:${n++}`, hlc: encodeHlc(clocks[c.d]!), deviceId };
    const mine = known[c.d]!;
    const line = lineOf(c.item);
    const lineOps = mine.filter((o) => (o.kind === 'cart.add' || o.kind === 'cart.setQuantity') && lineKey(o.productId, o.variantId) === lineKey(line.productId, line.variantId)).map((o) => o.opId);
    const product = `p${c.item}`;
    let op: SyncOp;
    switch (c.action) {
      case 0: op = { ...env, kind: 'cart.add', ...line, quantity: c.qty, ...(c.flag ? { priceSeen: c.qty * 10, currency: 'EUR' } : {}) }; break;
      case 1: op = { ...env, kind: 'cart.setQuantity', ...line, quantity: c.qty, observed: lineOps }; break;
      case 2: op = { ...env, kind: 'cart.remove', ...line, observed: lineOps }; break;
      case 3: op = { ...env, kind: 'wishlist.add', productId: product }; break;
      case 4: op = { ...env, kind: 'wishlist.remove', productId: product, observed: mine.filter((o) => o.kind === 'wishlist.add' && o.productId === product).map((o) => o.opId) }; break;
      case 5: op = { ...env, kind: 'viewed.add', productId: product }; break;
      case 6: op = c.flag ? { ...env, kind: 'pref.set', key: 'currency', value: ['EUR', 'USD', 'GBP', 'JPY'][c.item]! } : { ...env, kind: 'pref.set', key: 'size', value: `s${c.qty}` }; break;
      default: op = { ...env, kind: 'resume.set', ...(c.flag ? { checkoutStep: c.qty > 4 ? null : `step-${c.qty}` } : { lastProductId: product }) };
    }
    mine.push(op);
    ops.push(op);
  }
  return { ops, known };
}

const historyArb = fc.tuple(fc.array(cmdArb, { minLength: 1, maxLength: 60 }), skewArb).map(([cmds, skew]) => simulate(cmds, skew));
const shuffle = <T>(xs: T[], seed: number[]): T[] => {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) { const j = (seed[i % seed.length] ?? 0) % (i + 1); [out[i], out[j]] = [out[j]!, out[i]!]; }
  return out;
};
const seedArb = fc.array(fc.nat(), { minLength: 1, maxLength: 64 });
const RUNS = { numRuns: 300 };
const canon = (x: unknown) => JSON.parse(canonicalJson(x));

test('property: any delivery order gives the same view, equal to the reference model', () => {
  fc.assert(fc.property(historyArb, seedArb, ({ ops }, seed) => {
    const expected = reference(ops);
    assert.deepEqual(view(applyOps(emptyState(), ops)), expected);
    assert.deepEqual(view(applyOps(emptyState(), shuffle(ops, seed))), expected);
  }), RUNS);
});

test('property: duplicates and replays change nothing', () => {
  fc.assert(fc.property(historyArb, seedArb, fc.array(fc.nat(), { maxLength: 30 }), ({ ops }, seed, picks) => {
    const once = applyOps(emptyState(), ops);
    const replays = ops.length ? picks.map((i) => ops[i % ops.length]!) : [];
    const noisy = applyOps(emptyState(), shuffle([...ops, ...replays, ...replays], seed));
    assert.deepEqual(canon(noisy), canon(once));
    assert.deepEqual(canon(applyOps(once, ops)), canon(once));
  }), RUNS);
});

test('property: mergeStates is commutative, associative, idempotent and equals applying the union of ops', () => {
  fc.assert(fc.property(historyArb, fc.array(fc.integer({ min: 0, max: 7 }), { minLength: 1, maxLength: 64 }), ({ ops }, masks) => {
    const part = (bit: number) => applyOps(emptyState(), ops.filter((_, i) => (masks[i % masks.length]! & bit) !== 0));
    const [a, b, c] = [part(1), part(2), part(4)];
    assert.deepEqual(canon(mergeStates(a, b)), canon(mergeStates(b, a)));
    assert.deepEqual(canon(mergeStates(mergeStates(a, b), c)), canon(mergeStates(a, mergeStates(b, c))));
    assert.deepEqual(canon(mergeStates(a, a)), canon(a));
    const union = ops.filter((_, i) => (masks[i % masks.length]! & 7) !== 0);
    assert.deepEqual(canon(mergeStates(mergeStates(a, b), c)), canon(applyOps(emptyState(), union)));
  }), RUNS);
});

test('property: devices that each received a different subset converge once their states are merged', () => {
  fc.assert(fc.property(historyArb, ({ ops, known }) => {
    const merged = known.map((k) => applyOps(emptyState(), k)).reduce(mergeStates, emptyState());
    assert.deepEqual(view(merged), reference(ops));
  }), RUNS);
});

test('property: no add is lost unless a remove observed it', () => {
  fc.assert(fc.property(historyArb, ({ ops }) => {
    const v = view(applyOps(emptyState(), ops));
    const removedTags = new Set(ops.flatMap((o) => (o.kind === 'cart.remove' || o.kind === 'wishlist.remove' ? o.observed : [])));
    const overridden = new Set(ops.flatMap((o) => (o.kind === 'cart.setQuantity' ? o.observed : [])));
    for (const o of ops) {
      if (removedTags.has(o.opId)) continue;
      if (o.kind === 'wishlist.add') assert.ok(v.wishlist.includes(o.productId), `${o.opId} lost`);
      if (o.kind === 'cart.add' || o.kind === 'cart.setQuantity') {
        const line = v.cart.find((l) => l.productId === o.productId && l.variantId === (o.variantId ?? null));
        assert.ok(line, `${o.opId} lost its line`);
        const freeAdds = ops.filter((x) => x.kind === 'cart.add' && lineKey(x.productId, x.variantId) === lineKey(o.productId, o.variantId)
          && !removedTags.has(x.opId) && !overridden.has(x.opId)) as (SyncOp & { kind: 'cart.add' })[];
        assert.ok(line.quantity >= freeAdds.reduce((s, x) => s + x.quantity, 0), 'an add nobody observed always counts');
      }
    }
  }), RUNS);
});

test('property: recently viewed keeps the newest 50 in any order, and the cap is a join (truncated states still merge right)', () => {
  const viewsArb = fc.array(fc.record({ p: fc.nat(79), wall: fc.integer({ min: 0, max: 1000 }), d: fc.nat(2) }), { minLength: 40, maxLength: 200 });
  fc.assert(fc.property(viewsArb, seedArb, fc.array(fc.boolean(), { minLength: 1, maxLength: 50 }), (views, seed, split) => {
    const ops: SyncOp[] = views.map((x, i) => ({ opId: `o${i}`, hlc: encodeHlc({ wall: T0 + x.wall, counter: 0, node: DEVICES[x.d]! }), deviceId: DEVICES[x.d]!, kind: 'viewed.add', productId: `p${x.p}` }));
    const full = applyOps(emptyState(), shuffle(ops, seed));
    assert.ok(Object.keys(full.viewed).length <= RECENTLY_VIEWED_CAP, 'the state itself is bounded');
    assert.deepEqual(view(full).recentlyViewed, reference(ops).recentlyViewed);
    const a = applyOps(emptyState(), ops.filter((_, i) => split[i % split.length]));
    const b = applyOps(emptyState(), ops.filter((_, i) => !split[i % split.length]));
    assert.deepEqual(canon(mergeStates(a, b)), canon(full));
  }), RUNS);
});

test('property: the server keeps exactly the ops that change the state (compared per touched entry, as effectiveOps does)', () => {
  fc.assert(fc.property(historyArb, seedArb, fc.array(fc.nat(), { maxLength: 20 }), ({ ops }, seed, replays) => {
    // A device sends a shuffled history with some ops repeated; a later op may also be superseded by an earlier one.
    const sent = shuffle([...ops, ...replays.filter(() => ops.length > 0).map((r) => ops[r % ops.length]!)], seed);
    const half = Math.floor(sent.length / 2);
    const state = applyOps(emptyState(), sent.slice(0, half));
    const kept = effectiveOps(state, sent.slice(half));
    // Reference: an op is kept iff applying it changes the whole state (canonical JSON).
    const expected: string[] = [];
    let s = state;
    for (const op of sent.slice(half)) {
      const next = applyOps(s, [op]);
      if (canonicalJson(next) !== canonicalJson(s)) expected.push(op.opId);
      s = next;
    }
    assert.deepEqual(kept.map((o) => o.opId), expected);
    assert.deepEqual(canon(applyOps(state, kept)), canon(s), 'dropping the others changes nothing');
  }), RUNS);
});
