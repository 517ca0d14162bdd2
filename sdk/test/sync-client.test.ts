/**
 * `lockstep.sync` against a scripted transport (helpers/fake-sync.ts; the test plays the server): the client state
 * model of the sync contract — offline queue, snapshot / ops / ack / nack, observed lists, persistence across
 * instances, gaps, reconnects, tokens and identity changes.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyOps } from '../../plugins/sync/crdt/apply.ts';
import { digest } from '../../plugins/sync/crdt/digest.ts';
import { encodeHlc } from '../../plugins/sync/crdt/hlc.ts';
import { emptyState } from '../../plugins/sync/crdt/state.ts';
import { view } from '../../plugins/sync/crdt/view.ts';
import { MemoryStorage, createLockstep } from '../src/index.ts';
import type { LockstepClient, LockstepError, SyncOptions, SyncStatus, SyncView } from '../src/index.ts';
import type { SyncOp } from '../src/sync/wire.ts';
import { KEY } from './helpers/client.ts';
import { sleep } from './helpers/fake-ingest.ts';
import { FakeSyncTransport, snapshotOf, type FakeConnection } from './helpers/fake-sync.ts';

const noEvents = (async () => new Response(JSON.stringify({ accepted: [], rejected: [] }), { status: 200 })) as typeof fetch;

function device(opts: { storage?: MemoryStorage; transport?: FakeSyncTransport; deviceId?: string | null; sync?: SyncOptions } = {}) {
  const errors: LockstepError[] = [];
  const storage = opts.storage ?? new MemoryStorage();
  const transport = opts.transport ?? new FakeSyncTransport();
  const client: LockstepClient = createLockstep({
    endpoint: 'http://sync.invalid', publishableKey: KEY, channel: 'web', storage, ...(opts.deviceId === null ? {} : { deviceId: opts.deviceId ?? 'dev-a' }),
    fetch: noEvents, flushIntervalMs: 60_000, liveConsent: false, onError: (e) => errors.push(e),
    sync: { transport, reconnect: { baseMs: 10, maxMs: 40 }, ...opts.sync },
  });
  return { client, sync: client.sync, transport, storage, errors };
}

let n = 0;
const T0 = Date.now();
/** An op made by another device (a clock a little ahead of ours). */
function remote(op: Record<string, unknown> & { kind: SyncOp['kind'] }, deviceId = 'dev-b', ms = 10): SyncOp {
  return { opId: `${deviceId}:${++n}`, hlc: encodeHlc({ wall: T0 + ms, counter: n, node: deviceId }), deviceId, ...op } as SyncOp;
}

/** Starts the client, answers its hello with a snapshot of `ops` at `seq`. */
async function connected(d: ReturnType<typeof device>, seq = 0, ops: SyncOp[] = []): Promise<FakeConnection> {
  d.sync.start();
  const conn = await d.transport.nextConnection();
  conn.open();
  const personKey = `a:${d.client.getAnonymousId()}`;
  conn.push(snapshotOf(seq, ops, { personKey }));
  return conn;
}

describe('sdk sync client', () => {
  it('works offline: edits show at once, persist, and go out after hello when the connection opens', async () => {
    const d = device();
    const added = d.sync.cart.add('p1', { quantity: 2, price: 19.9, currency: 'EUR' });
    d.sync.wishlist.add('p2');
    assert.ok(added);
    assert.match(added.opId, /^dev-a:[0-9a-f-]{36}$/);
    assert.equal(added.deviceId, 'dev-a');
    assert.deepEqual(d.sync.view().cart.map((l) => [l.productId, l.quantity, l.priceSeen, l.currency, l.addedBy]), [['p1', 2, 19.9, 'EUR', 'dev-a']]);
    assert.deepEqual(d.sync.view().wishlist, ['p2']);
    assert.deepEqual(d.sync.status(), { online: true, connected: false, pending: 2, lastSeq: 0, transport: null });
    await sleep(0);
    const stored = JSON.parse(d.storage.getItem('lockstep.sync')!) as { pending: SyncOp[] };
    assert.deepEqual(stored.pending.map((o) => o.kind), ['cart.add', 'wishlist.add'], 'queued in storage');

    d.sync.start();
    assert.equal(d.transport.connections.length, 0, 'a token first');
    const conn = await d.transport.nextConnection();
    assert.deepEqual(d.transport.tokens, [{ anonymousId: d.client.getAnonymousId(), deviceId: 'dev-a', channel: 'web' }]);
    assert.equal(conn.token, 'tok-1');
    assert.deepEqual(conn.hello, { type: 'hello', client: 'lockstep-sdk/0.1.0' }, 'nothing seen yet: no lastSeq, so a snapshot');
    assert.equal(conn.sent.length, 0, 'nothing before the connection opens');
    conn.open();
    const frame = await conn.waitFor('ops');
    assert.deepEqual(frame.ops.map((o) => o.kind), ['cart.add', 'wishlist.add']);
    assert.equal(d.sync.status().connected, true);
    assert.equal(d.sync.status().transport, 'ws');
    await d.client.shutdown(0);
  });

  it('a snapshot replaces the base; pending ops stay on top of it', async () => {
    const d = device();
    const theirs = remote({ kind: 'cart.add', productId: 'old', quantity: 1 });
    const conn = await connected(d, 4, [theirs]);
    assert.deepEqual(d.sync.view().cart.map((l) => l.productId), ['old']);
    assert.equal(d.sync.status().lastSeq, 4);
    assert.deepEqual(conn.frames('seen'), [{ type: 'seen', seq: 4 }]);

    d.sync.wishlist.add('mine');
    const snapshots: unknown[] = [];
    d.sync.on('snapshot', (s) => snapshots.push(s));
    const replaced = remote({ kind: 'wishlist.add', productId: 'other' });
    conn.push(snapshotOf(9, [replaced], { reason: 'digest', personKey: `a:${d.client.getAnonymousId()}` }));
    assert.deepEqual(d.sync.view().cart, [], 'the old base is gone');
    assert.deepEqual(d.sync.view().wishlist.sort(), ['mine', 'other'], 'the pending add is re-applied');
    assert.equal(d.sync.status().pending, 1);
    assert.equal(d.sync.status().lastSeq, 9);
    assert.deepEqual(snapshots, [{ reason: 'digest', seq: 9, personKey: `a:${d.client.getAnonymousId()}` }]);
    await d.client.shutdown(0);
  });

  it('applies ops frames in order (idempotently), sends seen, and answers a gap with one hello', async () => {
    const d = device();
    const conn = await connected(d, 2);
    const views: SyncView[] = [];
    d.sync.subscribe((v) => views.push(v));
    const a = remote({ kind: 'cart.add', productId: 'p1', quantity: 1 });
    conn.push({ type: 'ops', fromSeq: 3, seq: 3, ops: [a] });
    assert.equal(d.sync.view().cart[0]?.quantity, 1);
    assert.equal(d.sync.status().lastSeq, 3);
    assert.deepEqual(conn.frames('seen').at(-1), { type: 'seen', seq: 3 });
    conn.push({ type: 'ops', fromSeq: 3, seq: 3, ops: [a] });
    assert.equal(d.sync.view().cart[0]?.quantity, 1, 'a replay changes nothing');
    assert.equal(views.length, 1, 'subscribers hear about changes only');

    const late = remote({ kind: 'cart.add', productId: 'p1', quantity: 5 });
    conn.push({ type: 'ops', fromSeq: 6, seq: 6, ops: [late] });
    conn.push({ type: 'ops', fromSeq: 7, seq: 7, ops: [remote({ kind: 'viewed.add', productId: 'p9' })] });
    assert.equal(d.sync.view().cart[0]?.quantity, 1, 'nothing after a gap is applied');
    assert.equal(d.sync.status().lastSeq, 3);
    assert.deepEqual(conn.frames('hello'), [{ type: 'hello', lastSeq: 3, personKey: `a:${d.client.getAnonymousId()}`, client: 'lockstep-sdk/0.1.0' }], 'one hello for the gap');

    const b = remote({ kind: 'wishlist.add', productId: 'w1' });
    conn.push({ type: 'ops', fromSeq: 4, seq: 6, ops: [b, late] });
    assert.equal(d.sync.view().cart[0]?.quantity, 6);
    assert.deepEqual(d.sync.view().wishlist, ['w1']);
    assert.equal(d.sync.status().lastSeq, 6);
    await d.client.shutdown(0);
  });

  it('ack moves ops into the base; the own ops coming back change nothing; nack drops one and reports it', async () => {
    const d = device();
    const conn = await connected(d, 1);
    const add = d.sync.cart.add('p1', { quantity: 1 })!;
    const wish = d.sync.wishlist.add('p2')!;
    const bad = d.sync.viewed('p3')!;
    await conn.waitFor('ops');
    conn.push({ type: 'ack', opIds: [add.opId, wish.opId], seq: 2 });
    assert.equal(d.sync.status().pending, 1);
    assert.equal(d.sync.view().cart[0]?.quantity, 1, 'still there, now from the base');
    conn.push({ type: 'ops', fromSeq: 2, seq: 2, ops: [add, wish] });
    assert.equal(d.sync.view().cart[0]?.quantity, 1);
    assert.equal(d.sync.status().lastSeq, 2);

    const errors: LockstepError[] = [];
    d.sync.on('error', (e) => errors.push(e));
    conn.push({ type: 'nack', opId: bad.opId, code: 'SYNC_ERR_INVALID_OP', message: 'no such product' });
    assert.deepEqual(d.sync.view().recentlyViewed, [], 'a refused op leaves the view');
    assert.equal(d.sync.status().pending, 0);
    assert.equal(errors[0]?.code, 'SDK_ERR_SYNC_REJECTED');
    assert.equal(errors[0]?.serverCode, 'SYNC_ERR_INVALID_OP');
    assert.equal(errors[0]?.op?.opId, bad.opId);
    assert.deepEqual(d.errors.map((e) => e.code), ['SDK_ERR_SYNC_REJECTED'], 'also passed to onError');
    await d.client.shutdown(0);
  });

  it('a rate-limited op stays pending and is sent again after retryAfterMs', async () => {
    const d = device();
    const conn = await connected(d, 0);
    const op = d.sync.cart.add('p1')!;
    await conn.waitFor('ops');
    conn.push({ type: 'nack', opId: op.opId, code: 'SYNC_ERR_RATE_LIMITED', message: 'slow down', retryAfterMs: 40 });
    assert.equal(d.sync.status().pending, 1);
    assert.deepEqual(d.errors, []);
    await conn.waitFor('ops', (f) => conn.frames('ops').indexOf(f) === 1);
    assert.deepEqual(conn.sentOps().map((o) => o.opId), [op.opId, op.opId]);
    await d.client.shutdown(0);
  });

  it('observed lists name every contribution of the line / add of the product in base + pending', async () => {
    const d = device();
    const other = remote({ kind: 'cart.add', productId: 'p1', quantity: 2 });
    const otherSet = remote({ kind: 'cart.setQuantity', productId: 'p1', quantity: 1, observed: [other.opId] });
    const wishB = remote({ kind: 'wishlist.add', productId: 'w' });
    const otherLine = remote({ kind: 'cart.add', productId: 'p1', variantId: 'red', quantity: 1 });
    await connected(d, 3, [other, otherSet, wishB, otherLine]);
    const mine = d.sync.cart.add('p1', { quantity: 3 })!;
    assert.equal(d.sync.view().cart.find((l) => l.variantId === null)?.quantity, 4);

    const set = d.sync.cart.setQuantity('p1', 7)!;
    assert.equal(set.kind, 'cart.setQuantity');
    assert.deepEqual(set.kind === 'cart.setQuantity' && [...set.observed].sort(), [other.opId, otherSet.opId, mine.opId].sort());
    assert.equal(d.sync.view().cart.find((l) => l.variantId === null)?.quantity, 7);

    const myWish = d.sync.wishlist.add('w')!;
    const rm = d.sync.wishlist.remove('w')!;
    assert.deepEqual(rm.kind === 'wishlist.remove' && [...rm.observed].sort(), [wishB.opId, myWish.opId].sort());
    assert.deepEqual(d.sync.view().wishlist, []);
    assert.equal(d.sync.wishlist.remove('w'), null, 'nothing left to remove');
    assert.equal(d.sync.wishlist.toggle('w'), true);
    assert.equal(d.sync.wishlist.toggle('w'), false);

    const gone = d.sync.cart.remove('p1')!;
    assert.deepEqual(gone.kind === 'cart.remove' && [...gone.observed].sort(), [other.opId, otherSet.opId, mine.opId, set.opId].sort());
    assert.deepEqual(d.sync.view().cart.map((l) => l.variantId), ['red'], 'the variant line is another line');
    assert.equal(d.sync.cart.setQuantity('p1', 0, { variantId: 'red' })?.kind, 'cart.remove', 'quantity 0 removes');
    assert.deepEqual(d.sync.view().cart, []);
    await d.client.shutdown(0);
  });

  it('refuses bad calls before they become ops', () => {
    const d = device();
    assert.equal(d.sync.cart.add('p 1'), null);
    assert.equal(d.sync.cart.add('p1', { quantity: 0 }), null);
    assert.equal(d.sync.cart.add('p1', { quantity: 1.5 }), null);
    assert.equal(d.sync.cart.add('p1', { price: -1 }), null);
    assert.equal(d.sync.cart.add('p1', { currency: 'euro' }), null);
    assert.equal(d.sync.setPreference('currency', 'eur'), null);
    assert.equal(d.sync.setPreference('colour' as 'size', 'red'), null);
    assert.equal(d.sync.resume({}), null);
    assert.equal(d.errors.length, 8);
    assert.ok(d.errors.every((e) => e.code === 'SDK_ERR_INVALID_CALL'));
    assert.equal(d.sync.status().pending, 0);
    assert.ok(d.sync.setPreference('language', 'de-CH'));
    assert.ok(d.sync.resume({ checkoutStep: 'payment' }));
    assert.deepEqual(d.sync.view().preferences, { language: 'de-CH' });
    assert.deepEqual(d.sync.view().resume, { 'dev-a': { checkoutStep: 'payment', lastProductId: null } });
  });

  it('survives a reload: a new client on the same storage has the base, lastSeq, pending ops and token, and resumes', async () => {
    const storage = new MemoryStorage();
    const first = device({ storage });
    const theirs = remote({ kind: 'wishlist.add', productId: 'w1' });
    const conn = await connected(first, 5, [theirs]);
    conn.push({ type: 'catalog', products: { w1: { price: 10, currency: 'EUR', stock: 3 } } });
    conn.serverClose(1006, 'gone');
    const offline = first.sync.cart.add('p1', { quantity: 2 })!;
    await first.client.shutdown(0);

    const second = device({ storage, transport: new FakeSyncTransport() });
    assert.deepEqual(second.sync.view(), first.sync.view());
    assert.deepEqual(second.sync.status(), { online: true, connected: false, pending: 1, lastSeq: 5, transport: null });
    assert.deepEqual(second.sync.catalog(), { w1: { price: 10, currency: 'EUR', stock: 3 } });
    second.sync.start();
    const again = await second.transport.nextConnection();
    assert.equal(second.transport.tokens.length, 0, 'the stored token is still good');
    assert.equal(again.token, 'tok-1');
    assert.deepEqual(again.hello, { type: 'hello', client: 'lockstep-sdk/0.1.0', lastSeq: 5, personKey: `a:${second.client.getAnonymousId()}` }, 'resume from lastSeq (no digest while ops are pending)');
    again.open();
    assert.deepEqual((await again.waitFor('ops')).ops.map((o) => o.opId), [offline.opId]);
    again.push({ type: 'ack', opIds: [offline.opId], seq: 6 });
    again.push({ type: 'ops', fromSeq: 6, seq: 6, ops: [offline] });
    await second.client.shutdown(0);

    const third = device({ storage, transport: new FakeSyncTransport() });
    third.sync.start();
    const c3 = await third.transport.nextConnection();
    const expected = digest(view(applyOps(emptyState(), [theirs, offline])));
    assert.deepEqual(c3.hello, { type: 'hello', client: 'lockstep-sdk/0.1.0', lastSeq: 6, personKey: `a:${third.client.getAnonymousId()}`, digest: expected }, 'idle: the digest of the base at lastSeq');
    await third.client.shutdown(0);
  });

  it('sends its digest periodically only while idle', async () => {
    const d = device({ sync: { digestIntervalMs: 20 } });
    const theirs = remote({ kind: 'pref.set', key: 'size', value: 'M' });
    const conn = await connected(d, 3, [theirs]);
    const first = await conn.waitFor('digest');
    assert.deepEqual(first, { type: 'digest', seq: 3, hash: digest(view(applyOps(emptyState(), [theirs]))) });
    d.sync.viewed('p1');
    await sleep(10);
    const before = conn.frames('digest').length;
    await sleep(80);
    assert.equal(conn.frames('digest').length, before, 'no digest while an op is pending');
    await d.client.shutdown(0);
  });

  it('reconnects with backoff after the connection drops, and resends what is unacknowledged', async () => {
    const d = device();
    const statuses: SyncStatus[] = [];
    d.sync.on('status', (s) => statuses.push(s));
    const conn = await connected(d, 2);
    const op = d.sync.cart.add('p1')!;
    await conn.waitFor('ops');
    conn.serverClose(1006, 'network');
    assert.equal(d.sync.status().connected, false);
    const next = await d.transport.nextConnection();
    assert.deepEqual(next.hello, { type: 'hello', client: 'lockstep-sdk/0.1.0', lastSeq: 2, personKey: `a:${d.client.getAnonymousId()}` });
    next.open();
    assert.deepEqual((await next.waitFor('ops')).ops.map((o) => o.opId), [op.opId]);
    assert.ok(statuses.some((s) => s.connected) && statuses.some((s) => !s.connected));
    assert.deepEqual(d.errors.map((e) => e.code), ['SDK_ERR_SYNC_UNAVAILABLE'], 'the first failure is reported');
    await d.client.shutdown(0);
  });

  it('gets a new token on 4401 and before the token expires', async () => {
    const d = device();
    const conn = await connected(d, 1);
    conn.serverClose(4401, 'token expired');
    const next = await d.transport.nextConnection();
    assert.equal(next.token, 'tok-2');
    assert.equal(d.transport.tokens.length, 2);

    const e = device();
    e.transport.tokenAnswer = (req, i) => ({ kind: 'ok', value: { token: `short-${i}`, expiresAt: new Date(Date.now() + (i === 1 ? 1500 : 3_600_000)).toISOString(), personKey: `a:${req.anonymousId}` } });
    const c1 = await connected(e, 1);
    assert.equal(c1.token, 'short-1');
    const c2 = await e.transport.nextConnection(3000);
    assert.equal(c2.token, 'short-2', 'refreshed ahead of expiry');
    assert.ok(c1.closedByClient, 'the connection moved onto the new token');
    assert.deepEqual(c2.hello, { type: 'hello', client: 'lockstep-sdk/0.1.0', lastSeq: 1, personKey: `a:${e.client.getAnonymousId()}`, digest: digest(view(emptyState())) });
    await d.client.shutdown(0);
    await e.client.shutdown(0);
  });

  it('stops on a refused key, and backs off while sync is disabled', async () => {
    const d = device();
    d.transport.tokenAnswer = () => ({ kind: 'refused', status: 401, serverCode: 'CORE_ERR_UNAUTHORIZED', message: 'revoked' });
    d.sync.start();
    await sleep(50);
    assert.equal(d.transport.tokens.length, 1, 'not retried');
    assert.equal(d.errors[0]?.code, 'SDK_ERR_SYNC_AUTH');

    const e = device();
    const conn = await connected(e, 0);
    conn.serverClose(4403, 'plugin disabled');
    assert.equal(e.errors[0]?.code, 'SDK_ERR_SYNC_DISABLED');
    await e.transport.nextConnection(500);
    await d.client.shutdown(0);
    await e.client.shutdown(0);
  });

  it('identify: a token with the userId, a new connection asking for a snapshot; pending ops go to the person', async () => {
    const d = device();
    const conn = await connected(d, 4, [remote({ kind: 'wishlist.add', productId: 'anon-wish' })]);
    const op = d.sync.cart.add('p1')!;
    d.client.identify('cust-7');
    assert.ok(conn.closedByClient);
    const next = await d.transport.nextConnection();
    assert.deepEqual(d.transport.tokens.at(-1), { anonymousId: d.client.getAnonymousId(), deviceId: 'dev-a', userId: 'cust-7', channel: 'web' });
    assert.deepEqual(next.hello, { type: 'hello', client: 'lockstep-sdk/0.1.0' }, 'another person: a snapshot, not a resume');
    assert.deepEqual(d.sync.view().wishlist, ['anon-wish'], 'the view stays until the snapshot comes');
    next.open();
    assert.deepEqual((await next.waitFor('ops')).ops.map((o) => o.opId), [op.opId]);
    const personWish = remote({ kind: 'wishlist.add', productId: 'person-wish' });
    next.push(snapshotOf(12, [personWish], { reason: 'merge', personKey: 'p:cust-7' }));
    assert.deepEqual(d.sync.view().wishlist, ['person-wish']);
    assert.equal(d.sync.view().cart[0]?.productId, 'p1');
    assert.equal(d.sync.status().lastSeq, 12);
    await d.client.shutdown(0);
  });

  it('reset (logout): the local state is cleared, unsent ops go to the old person, a token without userId', async () => {
    const d = device();
    d.client.identify('cust-8');
    const conn = await connected(d, 3, [remote({ kind: 'cart.add', productId: 'theirs', quantity: 1 })]);
    const unsent = d.sync.cart.add('p1')!;
    const oldToken = conn.token;
    const views: SyncView[] = [];
    d.sync.subscribe((v) => views.push(v));
    d.client.reset();
    assert.deepEqual(d.sync.view().cart, []);
    assert.deepEqual(views.at(-1)?.cart, []);
    assert.equal(d.sync.status().pending, 0);
    await d.transport.waitForPosts(1);
    assert.deepEqual(d.transport.posted, [{ token: oldToken, ops: [unsent] }]);
    const next = await d.transport.nextConnection();
    assert.deepEqual(d.transport.tokens.at(-1), { anonymousId: d.client.getAnonymousId(), deviceId: 'dev-a', channel: 'web' });
    assert.deepEqual(next.hello, { type: 'hello', client: 'lockstep-sdk/0.1.0' });
    await d.client.shutdown(0);
  });

  it('without a configured deviceId, makes one per storage and renews it at logout (the graph links device ids to persons)', async () => {
    const storage = new MemoryStorage();
    const d = device({ storage, deviceId: null });
    const op = d.sync.wishlist.add('p1')!;
    assert.match(op.deviceId, /^d-[0-9a-f-]{36}$/);
    assert.equal(device({ storage, deviceId: null }).sync.wishlist.add('p2')!.deviceId, op.deviceId, 'kept in storage');
    d.sync.start();
    await d.transport.nextConnection();
    d.client.reset();
    await d.transport.nextConnection();
    const [before, after] = d.transport.tokens.map((t) => t.deviceId);
    assert.equal(before, op.deviceId);
    assert.match(after!, /^d-/);
    assert.notEqual(after, before);
    assert.equal(d.sync.wishlist.add('p3')!.deviceId, after);
    await d.client.shutdown(0);
  });

  it('erasure (close 4410): the local copy and the unsent ops are dropped, then a fresh snapshot', async () => {
    const d = device();
    const conn = await connected(d, 2, [remote({ kind: 'wishlist.add', productId: 'w1' })]);
    d.sync.cart.add('p1');
    conn.serverClose(4410, 'erased');
    assert.deepEqual(d.sync.view().wishlist, []);
    assert.deepEqual(d.sync.view().cart, []);
    assert.equal(d.sync.status().pending, 0);
    const next = await d.transport.nextConnection();
    assert.deepEqual(next.hello, { type: 'hello', client: 'lockstep-sdk/0.1.0' }, 'no resume: a snapshot');
    assert.equal(d.transport.tokens.length, 2, 'a new token');
    next.open();
    await sleep(20);
    assert.deepEqual(next.frames('ops'), [], 'nothing of the erased person is sent again');
    await d.client.shutdown(0);
  });

  it('moves its clock past what it receives, so its next op wins over what it has seen', async () => {
    const d = device();
    const ahead = { opId: 'dev-b:x', hlc: encodeHlc({ wall: Date.now() + 30_000, counter: 5, node: 'dev-b' }), deviceId: 'dev-b', kind: 'pref.set', key: 'currency', value: 'USD' } as SyncOp;
    const conn = await connected(d, 0);
    conn.push({ type: 'ops', fromSeq: 1, seq: 1, ops: [ahead] });
    const mine = d.sync.setPreference('currency', 'EUR')!;
    assert.ok(mine.hlc > ahead.hlc);
    assert.deepEqual(d.sync.view().preferences, { currency: 'EUR' });
    await d.client.shutdown(0);
  });

  it('keeps catalogue facts from snapshots and catalog frames', async () => {
    const d = device();
    const facts: unknown[] = [];
    d.sync.on('catalog', (c) => facts.push(c));
    d.sync.start();
    const conn = await d.transport.nextConnection();
    conn.open();
    conn.push(snapshotOf(1, [], { personKey: `a:${d.client.getAnonymousId()}`, catalog: { p1: { price: 10, currency: 'EUR', stock: 2, title: 'Capo' } } }));
    conn.push({ type: 'catalog', products: { p1: { price: 8, currency: 'EUR', stock: 2, title: 'Capo' }, p2: null } });
    assert.deepEqual(d.sync.catalog(), { p1: { price: 8, currency: 'EUR', stock: 2, title: 'Capo' }, p2: null });
    assert.equal(facts.length, 2);
    await d.client.shutdown(0);
  });
});
