import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { SyncDevice } from '../helpers/sync-device.ts';
import { createKey, productBody } from '../helpers/matrix.ts';
import { encodeHlc } from '../../plugins/sync/crdt/hlc.ts';
import { view } from '../../plugins/sync/crdt/view.ts';
import { syncDataSubject } from '../../plugins/sync/services/data-subject.ts';
import { syncServices } from '../../plugins/sync/services/sync-services.ts';
import type { PluginContext } from '../../server/src/core/plugin-contract.ts';

let t: TestApp;
let wsBase: string;
let pk: string;
let owner: Record<string, string>;
const uniq = (p: string) => `${p}-${randomUUID().slice(0, 8)}`;

const http = async (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) => {
  const res = await t.app.inject({ method: method as 'GET', url, headers, ...(body !== undefined ? { payload: body as object } : {}) });
  return { status: res.statusCode, json: res.body ? JSON.parse(res.body) : null, headers: res.headers };
};
const device = (o: { userId?: string; anonymousId?: string; channel?: string } = {}) => new SyncDevice({ http, wsBase, key: pk, channel: 'web', ...o });
const until = async (what: string, cond: () => boolean | Promise<boolean>, ms = 10_000) => {
  const end = Date.now() + ms;
  while (Date.now() < end) { if (await cond()) return; await new Promise((r) => setTimeout(r, 25)); }
  throw new Error(`timed out: ${what}`);
};
const settle = (...ds: SyncDevice[]) => until('devices settled', () => ds.every((d) => d.pending.length === 0));
const serverView = async (personKey: string) => {
  const res = await http('GET', `/api/plugins/sync/states/${encodeURIComponent(personKey)}`, undefined, owner);
  assert.equal(res.status, 200, JSON.stringify(res.json));
  return res.json;
};

before(async () => {
  t = await buildTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  wsBase = `ws://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
  pk = t.config.LOCKSTEP_DEMO_PUBLISHABLE_KEY!;
  owner = await t.ownerHeaders();
});
after(async () => { await t?.close(); });

describe('tokens', () => {
  test('a device gets a signed token naming its person; bad requests get precise errors', async () => {
    const auth = { authorization: `Bearer ${pk}` };
    const ok = await http('POST', '/v1/sync/token', { anonymousId: uniq('a'), deviceId: uniq('d') }, auth);
    assert.equal(ok.status, 200, JSON.stringify(ok.json));
    assert.match(ok.json.personKey, /^p:/);
    assert.ok(Date.parse(ok.json.expiresAt) > Date.now() + 3600_000);
    const bad = await http('POST', '/v1/sync/token', { anonymousId: 'has space', deviceId: 'd' }, auth);
    assert.deepEqual([bad.status, bad.json.code], [400, 'CORE_ERR_VALIDATION']);
    const noKey = await http('POST', '/v1/sync/token', { anonymousId: 'a', deviceId: 'd' });
    assert.equal(noKey.status, 401);
    // A forged token (payload changed, signature kept) and an unsigned one are refused.
    const [body, mac] = ok.json.token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), d: 'someone-else' })).toString('base64url');
    for (const token of [`${forged}.${mac}`, 'nonsense']) {
      const r = await http('GET', `/v1/sync/state?token=${encodeURIComponent(token)}`, undefined, auth);
      assert.deepEqual([r.status, r.json.code], [401, 'SYNC_ERR_TOKEN_INVALID']);
    }
  });

  test('a tenant may require tokens that name a user to come from its backend (secret key)', async () => {
    await http('PUT', '/api/plugins/sync', { settings: { userIdNeedsSecretKey: true } }, owner);
    try {
      const r = await http('POST', '/v1/sync/token', { anonymousId: uniq('a'), deviceId: uniq('d'), userId: uniq('u') }, { authorization: `Bearer ${pk}` });
      assert.deepEqual([r.status, r.json.code], [403, 'SYNC_ERR_USER_NEEDS_SECRET_KEY']);
      const secret = await createKey(t, owner, 'secret');
      const ok = await http('POST', '/v1/sync/token', { anonymousId: uniq('a'), deviceId: uniq('d'), userId: uniq('u') }, { authorization: `Bearer ${secret.key}` });
      assert.equal(ok.status, 200, JSON.stringify(ok.json));
    } finally {
      await http('PUT', '/api/plugins/sync', { settings: { userIdNeedsSecretKey: false } }, owner);
    }
  });
});

describe('two devices of one shopper', () => {
  const user = uniq('user');
  const phone = () => device({ userId: user, channel: 'app' });
  let a: SyncDevice;
  let b: SyncDevice;

  test('an add on the phone reaches the desktop without asking; both hold the same state', async () => {
    a = phone();
    b = device({ userId: user });
    await a.connect();
    await b.connect();
    assert.equal(a.personKey, b.personKey);
    const before = b.frames.length;
    const op = a.addToCart('prd-guitar', 2, 199);
    const ack = await a.next((f) => f.type === 'ack' && f.opIds.includes(op.opId));
    const pushed = await b.next((f) => f.type === 'ops' && f.ops.some((o: any) => o.opId === op.opId), 10_000, before);
    assert.equal(pushed.seq, ack.seq);
    await settle(a, b);
    assert.deepEqual(b.view().cart.map((l) => [l.productId, l.quantity, l.priceSeen]), [['prd-guitar', 2, 199]]);
    assert.deepEqual(a.view(), b.view());
  });

  test('offline edits on both sides merge on reconnect without losing an add', async () => {
    b.disconnect();
    a.addToCart('prd-guitar', 1);                        // concurrent add on the same line
    a.op({ kind: 'wishlist.add', productId: 'prd-amp' });
    b.addToCart('prd-strings', 3);                       // offline on the train
    b.op({ kind: 'wishlist.remove', productId: 'prd-amp', observed: b.observedWish('prd-amp') }); // observed nothing: the add wins
    b.op({ kind: 'pref.set', key: 'currency', value: 'USD' });
    await settle(a);
    await b.connect();
    await settle(a, b);
    await until('both converged', () => JSON.stringify(a.view()) === JSON.stringify(b.view()));
    const v = b.view();
    assert.deepEqual(v.cart.map((l) => [l.productId, l.quantity]), [['prd-guitar', 3], ['prd-strings', 3]]);
    assert.deepEqual(v.wishlist, ['prd-amp']);
    assert.equal(v.preferences.currency, 'USD');
    const server = await serverView(a.personKey!);
    assert.deepEqual(server.view, v);
    assert.equal(server.seq, b.lastSeq);
  });

  test('a replayed op is acknowledged without a new commit; ops of another device or with a wild clock are refused', async () => {
    const seq = (await serverView(a.personKey!)).seq;
    const op = a.pending[0] ?? a.addToCart('prd-picks', 1);
    await settle(a);
    const s1 = (await serverView(a.personKey!)).seq;
    a.send({ type: 'ops', ops: [op] });
    const again = await a.next((f) => f.type === 'ack' && f.opIds.includes(op.opId) && f.seq === s1, 5000, a.frames.length - 0);
    assert.equal(again.seq, s1);
    assert.ok(s1 >= seq);
    assert.equal((await serverView(a.personKey!)).seq, s1, 'no commit for a replay');

    const n = a.frames.length;
    a.send({ type: 'ops', ops: [{ kind: 'cart.add', productId: 'x', quantity: 1, opId: uniq('o'), hlc: encodeHlc({ wall: Date.now(), counter: 0, node: b.deviceId }), deviceId: b.deviceId }] });
    assert.equal((await a.next((f) => f.type === 'nack', 5000, n)).code, 'SYNC_ERR_DEVICE_MISMATCH');
    const m = a.frames.length;
    a.send({ type: 'ops', ops: [{ kind: 'cart.add', productId: 'x', quantity: 1, opId: uniq('o'), hlc: encodeHlc({ wall: Date.now() + 3600_000, counter: 0, node: a.deviceId }), deviceId: a.deviceId }] });
    const drift = await a.next((f) => f.type === 'nack', 5000, m);
    assert.equal(drift.code, 'SYNC_ERR_CLOCK_DRIFT');
    assert.match(drift.message, /ahead/);
  });

  test('bad frames get a nack with the reason, the connection stays usable', async () => {
    const n = a.frames.length;
    a.send('not json');
    assert.match((await a.next((f) => f.type === 'nack', 5000, n)).message, /not JSON/);
    const m = a.frames.length;
    a.send({ type: 'ops', ops: [{ kind: 'cart.add', productId: 'x', quantity: -1, opId: 'o1', hlc: 'h', deviceId: a.deviceId }] });
    const nack = await a.next((f) => f.type === 'nack', 5000, m);
    assert.deepEqual([nack.code, nack.opId], ['SYNC_ERR_INVALID_FRAME', 'o1']);
    const k = a.frames.length;
    a.send({ type: 'ping' });
    assert.equal((await a.next((f) => f.type === 'pong', 5000, k)).type, 'pong');
  });

  test('a flood of ops is rate limited per connection with a retry hint', async () => {
    const c = device({ userId: user });
    await c.connect();
    const ops = Array.from({ length: 100 }, (_, i) => ({ kind: 'viewed.add', productId: `p${i}` }));
    const n = c.frames.length;
    for (let i = 0; i < 3; i++) {
      for (const o of ops.slice(0, 100)) c.pending.push({ ...o, opId: uniq('r'), hlc: encodeHlc({ wall: Date.now(), counter: i, node: c.deviceId }), deviceId: c.deviceId } as any);
      c.flush();
      c.pending = [];
    }
    const nack = await c.next((f) => f.type === 'nack' && f.code === 'SYNC_ERR_RATE_LIMITED', 5000, n);
    assert.ok(nack.retryAfterMs > 0);
    c.disconnect();
  });

  test('a digest that does not match gets a snapshot (divergence counted); a matching one marks the device in sync', async () => {
    await settle(a);
    const n = a.frames.length;
    a.sendDigest();
    await until('in sync', async () => (await serverView(a.personKey!)).devices.some((d: any) => d.deviceId === a.deviceId && d.inSync === true) || a.frames.slice(n).some((f) => f.type === 'snapshot'), 5000).catch(() => undefined);
    assert.equal(a.frames.slice(n).filter((f) => f.type === 'snapshot').length, 0, 'no resync for a matching digest');
    a.send({ type: 'digest', seq: a.lastSeq, hash: '0'.repeat(64) });
    const snap = await a.next((f) => f.type === 'snapshot' && f.reason === 'digest', 5000, n);
    assert.deepEqual(view(snap.state), snap.view);
  });

  test('the console sees the devices online, what they applied and their last op', async () => {
    const s = await serverView(a.personKey!);
    const mine = s.devices.find((d: any) => d.deviceId === a.deviceId);
    assert.ok(mine, JSON.stringify(s.devices));
    assert.equal(mine.online, true);
    assert.equal(mine.transport, 'ws');
    assert.equal(mine.channel, 'app');
    assert.ok(s.recentOps.length > 0);
    const list = await http('GET', `/api/plugins/sync/states?filter=${encodeURIComponent(JSON.stringify({ q: a.personKey!.slice(2) }))}`, undefined, owner);
    assert.equal(list.status, 200, JSON.stringify(list.json));
    const row = list.json.find((r: any) => r.id === a.personKey);
    assert.ok(row);
    assert.equal(row.cartLines, s.view.cart.length);
    assert.ok(row.devicesOnline >= 2);
    assert.match(String(list.headers['content-range']), /^states \d+-\d+\/\d+$/);
  });

  test('a device on another instance shows online while that instance runs, offline as soon as it stops', async () => {
    const t2 = await buildTestApp({ MONGODB_URI: t.config.MONGODB_URI, REDIS_PREFIX: t.config.REDIS_PREFIX });
    let stopped = false;
    try {
      await t2.app.listen({ port: 0, host: '127.0.0.1' });
      const there = new SyncDevice({ http, wsBase: `ws://127.0.0.1:${(t2.app.server.address() as { port: number }).port}`, key: pk, channel: 'pos', userId: user });
      await there.connect();
      assert.equal(there.personKey, a.personKey);
      const seen = async () => (await serverView(a.personKey!)).devices.find((d: any) => d.deviceId === there.deviceId);
      await until('listed online through instance 1', async () => (await seen())?.online === true);
      await t2.app.close(); // closes its sockets without a per-device goodbye; its liveness key goes with it
      stopped = true;
      const entry = await seen();
      assert.equal(entry?.online, false, JSON.stringify(entry));
      assert.equal(entry?.channel, 'pos');
      assert.equal((await serverView(a.personKey!)).devices.find((d: any) => d.deviceId === a.deviceId)?.online, true, 'this instance\'s devices stay online');
    } finally {
      if (!stopped) await t2.app.close();
    }
  });

  test('a catalogue price change reaches every device holding the product', async () => {
    const p = await http('POST', '/api/plugins/catalog/products', productBody(), owner);
    assert.equal(p.status, 201, JSON.stringify(p.json));
    a.addToCart(p.json.id, 1, p.json.price);
    await settle(a);
    await until('b has the line', () => b.view().cart.some((l) => l.productId === p.json.id));
    const n = b.frames.length;
    const upd = await http('PUT', `/api/plugins/catalog/products/${p.json.id}`, { ...productBody(), sku: p.json.sku, price: 9.99 }, owner);
    assert.equal(upd.status, 200, JSON.stringify(upd.json));
    const f = await b.next((x) => x.type === 'catalog' && x.products[p.json.id], 10_000, n);
    assert.equal(f.products[p.json.id].price, 9.99);
    const s = await serverView(a.personKey!);
    assert.equal(s.catalog[p.json.id].price, 9.99);
  });

  test('a restarted server keeps every acknowledged op', async () => {
    const before = await serverView(a.personKey!);
    a.disconnect();
    b.disconnect();
    const t2 = await buildTestApp({ MONGODB_URI: t.config.MONGODB_URI, REDIS_PREFIX: t.config.REDIS_PREFIX });
    try {
      const res = await t2.app.inject({ method: 'GET', url: `/api/plugins/sync/states/${encodeURIComponent(a.personKey!)}`, headers: await t2.ownerHeaders() });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json().view, before.view);
      assert.equal(res.json().seq, before.seq);
    } finally {
      await t2.app.close();
    }
  });
});

describe('HTTP fallback', () => {
  test('post ops, read state, and follow changes over Server-Sent Events', async () => {
    const user = uniq('user');
    const d = device({ userId: user });
    const { token, personKey } = await d.mint();
    const headers = { authorization: `Bearer ${pk}`, 'x-sync-token': token };
    const port = (t.app.server.address() as { port: number }).port;
    const ctl = new AbortController();
    const sse = await fetch(`http://127.0.0.1:${port}/v1/sync/events?${new URLSearchParams({ key: pk, token })}`, { signal: ctl.signal });
    assert.equal(sse.headers.get('content-type'), 'text/event-stream; charset=utf-8');
    const reader = sse.body!.getReader();
    let text = '';
    const readUntil = async (re: RegExp) => { while (!re.test(text)) { const { value, done } = await reader.read(); if (done) break; text += new TextDecoder().decode(value); } };
    await readUntil(/event: snapshot/);
    const op = d.addToCart('prd-http', 1);
    const posted = await http('POST', '/v1/sync/ops', { ops: [op] }, headers);
    assert.equal(posted.status, 200, JSON.stringify(posted.json));
    assert.deepEqual(posted.json.acked, [op.opId]);
    await readUntil(/"prd-http"/);
    assert.match(text, /event: ops\ndata: \{/);
    ctl.abort();
    const state = await http('GET', '/v1/sync/state', undefined, headers);
    assert.equal(state.status, 200);
    assert.equal(state.json.personKey, personKey);
    assert.deepEqual(state.json.view.cart.map((l: any) => l.productId), ['prd-http']);
    const bad = await http('POST', '/v1/sync/ops', { ops: [] }, headers);
    assert.deepEqual([bad.status, bad.json.code], [400, 'CORE_ERR_VALIDATION']);
    const refused = await http('POST', '/v1/sync/ops', { ops: [{ ...op, deviceId: 'other', opId: 'x1' }] }, headers);
    assert.deepEqual(refused.json.rejected.map((r: any) => r.code), ['SYNC_ERR_DEVICE_MISMATCH']);
  });
});

describe('login: the anonymous cart joins the person by the merchant policy', () => {
  for (const [policy, expected] of [['merge', ['prd-old', 'prd-new']], ['replace', ['prd-new']], ['keep_newest', ['prd-new']]] as const) {
    test(`${policy}`, async () => {
      await http('PUT', '/api/plugins/sync', { settings: { anonymousCartPolicy: policy } }, owner);
      const user = uniq('user');
      const desktop = device({ userId: user });
      await desktop.connect();
      desktop.addToCart('prd-old', 1);
      await settle(desktop);
      // The phone shops anonymously, then logs in.
      const phone = device();
      await phone.connect();
      phone.addToCart('prd-new', 2);
      await settle(phone);
      assert.notEqual(phone.personKey, desktop.personKey);
      phone.disconnect();
      phone.userId = user;
      phone.token = '';
      const n = desktop.frames.length;
      await phone.connect();
      assert.equal(phone.personKey, desktop.personKey);
      await desktop.next((f) => f.type === 'snapshot' && f.reason === 'merge', 10_000, n);
      await until('converged', () => JSON.stringify(phone.view()) === JSON.stringify(desktop.view()));
      assert.deepEqual(desktop.view().cart.map((l) => l.productId).sort(), [...expected].sort());
      desktop.disconnect();
      phone.disconnect();
    });
  }
  after(async () => { await http('PUT', '/api/plugins/sync', { settings: { anonymousCartPolicy: 'merge' } }, owner); });
});

describe('identity split', () => {
  test('a device split off by an operator moves to the new person at once, with its own contributions; later edits stay apart', async () => {
    const user = uniq('split-user');
    const phone = device({ userId: user, channel: 'app' });
    await phone.connect();
    // The desktop was stitched to the user once (a login), then browses without the userId in its token.
    const anonymousId = uniq('split-anon');
    const deviceId = uniq('split-dev');
    await new SyncDevice({ http, wsBase, key: pk, channel: 'web', userId: user, anonymousId, deviceId }).mint();
    const desktop = new SyncDevice({ http, wsBase, key: pk, channel: 'web', anonymousId, deviceId });
    await desktop.connect();
    assert.equal(desktop.personKey, phone.personKey, 'one person before the split');
    phone.addToCart('prd-phone', 1, 5);
    desktop.addToCart('prd-desktop', 2, 7);
    await settle(phone, desktop);
    await until('both see both lines', () => [phone, desktop].every((d) => d.view().cart.length === 2));

    const personId = phone.personKey!.slice(2);
    const from = desktop.frames.length;
    const res = await http('POST', `/api/plugins/identity/persons/${personId}/split`, { identifiers: [`anonymous_id:${anonymousId}`] }, owner);
    assert.equal(res.status, 200, JSON.stringify(res.json));
    const snap = await desktop.next((f) => f.type === 'snapshot' && f.reason === 'merge', 15_000, from);
    assert.equal(snap.personKey, `p:${res.json.newPersonId}`);
    desktop.personKey = snap.personKey;
    assert.deepEqual(view(snap.state).cart.map((l) => l.productId), ['prd-desktop'], `the new person starts with what the desktop added: ${JSON.stringify(view(snap.state).cart)}`);

    const before = desktop.frames.length;
    phone.addToCart('prd-after', 1, 3);
    await settle(phone);
    await new Promise((r) => setTimeout(r, 500));
    assert.ok(!desktop.frames.slice(before).some((f) => f.type === 'ops' && f.ops.some((o: any) => o.productId === 'prd-after')), 'the phone\'s later edit does not reach the split-off desktop');
  });
});

describe('state document behind the op log', () => {
  test('acks precede the document write; another reader sees every acked op at once; the document catches up', async () => {
    const d = device({ userId: uniq('behind') });
    await d.connect();
    const ctx = t.app.lockstep.host.contexts.get('sync') as PluginContext;
    const { store } = await syncServices(ctx, t.app);
    const tenantId = JSON.parse(Buffer.from(d.token.split('.')[0]!, 'base64url').toString()).t as string;
    d.addToCart('prd-first', 1, 10);
    await settle(d);
    await new Promise((r) => setTimeout(r, 800)); // the first commit's document write is done
    const docSeq = async () => ((await store.states.findOne({ _id: store.stateId(tenantId, d.personKey!) }).setOptions({ crossTenant: true }).lean()) as { seq: number } | null)?.seq ?? 0;
    const written = await docSeq();
    d.addToCart('prd-second', 2, 20);
    await settle(d);
    const { seq } = await serverView(d.personKey!);
    assert.ok(seq > written, `a new commit (${seq}) beyond the document (${written})`);
    // A reader without this instance's memory (another API instance) folds the op log in: nothing acked is missing.
    const { SyncStore } = await import('../../plugins/sync/services/store.ts');
    const other = await new SyncStore(ctx, async () => 1000).load(tenantId, d.personKey!, { fresh: true });
    assert.equal(other.seq, seq);
    assert.deepEqual(view(other.state).cart.map((l) => [l.productId, l.quantity]).sort(), [['prd-first', 1], ['prd-second', 2]]);
    await until('the document caught up', async () => (await docSeq()) === seq, 5000);
  });
});

describe('erasure', () => {
  test('erasing a person deletes its state document and op log at once, closes its devices, and nothing is written back', async () => {
    const d = device({ userId: uniq('erased') });
    await d.connect();
    const ctx = t.app.lockstep.host.contexts.get('sync') as PluginContext;
    const { store } = await syncServices(ctx, t.app);
    for (let i = 0; i < 5; i++) d.addToCart(`prd-${i}`, 1, 10);
    await settle(d);
    const tenantId = JSON.parse(Buffer.from(d.token.split('.')[0]!, 'base64url').toString()).t as string;
    const { seq } = await serverView(d.personKey!);
    assert.ok(seq >= 1);
    const closed = new Promise<number>((resolve) => d.ws!.once('close', (code) => resolve(code)));
    // Right after the acks the state document may not be written yet (it follows the op log): the erasure must still win.
    const res = await syncDataSubject.erase!(ctx, { tenantId, personId: d.personKey!.slice(2), identifiers: { anonymous_id: [d.anonymousId] } });
    assert.ok(res.deleted >= seq, `every commit (${seq}) and the document if written: ${JSON.stringify(res)}`);
    assert.equal(await closed, 4410);
    await new Promise((r) => setTimeout(r, 1200)); // past any pending document write
    assert.equal(await store.states.countDocuments({ _id: store.stateId(tenantId, d.personKey!) }).setOptions({ crossTenant: true }), 0);
    for (let n = 1; n <= seq; n++) assert.equal(await store.commitAt(tenantId, d.personKey!, n), null);
    const after = await http('GET', `/api/plugins/sync/states/${encodeURIComponent(d.personKey!)}`, undefined, owner);
    assert.equal(after.status, 404, JSON.stringify(after.json));
  });
});

describe('sockets refuse what they must', () => {
  test('no token, a bad token and a secret key in the URL are refused', async () => {
    const open = (q: string) => new Promise<{ code: number; frames: any[] }>((resolve) => {
      const ws = new WebSocket(`${wsBase}/v1/sync/socket?${q}`);
      const frames: any[] = [];
      ws.on('message', (d) => frames.push(JSON.parse(d.toString())));
      ws.on('close', (code) => resolve({ code, frames }));
      ws.on('unexpected-response', (_r, res) => resolve({ code: res.statusCode!, frames }));
    });
    assert.equal((await open(`key=${pk}`)).code, 400);
    const bad = await open(`key=${pk}&token=abc.def`);
    assert.equal(bad.code, 4401);
    assert.equal(bad.frames[0]?.code, 'SYNC_ERR_TOKEN_INVALID');
    const secret = await createKey(t, owner, 'secret');
    assert.equal((await open(`key=${secret.key}&token=abc.def`)).code, 400, 'CORE_ERR_SECRET_KEY_IN_URL');
  });
});
