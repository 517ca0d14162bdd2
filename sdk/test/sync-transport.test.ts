/**
 * The default sync transport over real HTTP, WebSocket and SSE against a stand-in server implementing the wire
 * contract (helpers/fake-sync-server.ts): two clients of one shopper converge over the socket, the SSE + POST fallback
 * when the socket cannot open (and when asked for), the POST answers turned into ack / nack, and the SSE parser.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import WebSocket from 'ws';
import { MemoryStorage, createLockstep } from '../src/index.ts';
import type { LockstepClient, LockstepError, LockstepOptions, SyncOptions, WebSocketConstructor } from '../src/index.ts';
import { sseParser } from '../src/sync/sse-connection.ts';
import { KEY } from './helpers/client.ts';
import { sleep } from './helpers/fake-ingest.ts';
import { FakeSyncServer, type FakeSyncServerOptions } from './helpers/fake-sync-server.ts';

const WS = WebSocket as unknown as WebSocketConstructor;
const noEvents = (async () => new Response(JSON.stringify({ accepted: [], rejected: [] }), { status: 200 })) as typeof fetch;

async function until<T>(what: string, probe: () => T, ms = 5000): Promise<NonNullable<T>> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v) return v as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

describe('sdk sync transport (WebSocket, SSE + POST)', { timeout: 60_000 }, () => {
  const servers: FakeSyncServer[] = [];
  const clients: LockstepClient[] = [];
  after(async () => {
    for (const c of clients) await c.shutdown(0);
    for (const s of servers) await s.close();
  });

  async function server(opts?: FakeSyncServerOptions): Promise<FakeSyncServer> {
    const s = await FakeSyncServer.start(opts);
    servers.push(s);
    return s;
  }
  function device(endpoint: string, sync: SyncOptions = {}, opts: Partial<LockstepOptions> = {}) {
    const errors: LockstepError[] = [];
    const client = createLockstep({
      endpoint, publishableKey: KEY, channel: 'web', storage: new MemoryStorage(), fetch: (async (url: RequestInfo | URL, init?: RequestInit) => {
        return String(url).includes('/v1/events') ? noEvents(url, init) : fetch(url, init);
      }) as typeof fetch,
      WebSocket: WS, liveConsent: false, onError: (e) => errors.push(e), sync: { reconnect: { baseMs: 20, maxMs: 100 }, ...sync }, ...opts,
    });
    clients.push(client);
    return { client, sync: client.sync, errors };
  }

  it('two devices of one shopper converge over WebSockets', async () => {
    const s = await server();
    const phone = device(s.url, {}, { deviceId: 'dev-phone' });
    const desktop = device(s.url, {}, { deviceId: 'dev-desktop' });
    phone.client.identify('cust-1');
    desktop.client.identify('cust-1');
    phone.sync.start();
    desktop.sync.start();
    await until('both connected', () => phone.sync.status().connected && desktop.sync.status().connected);
    assert.equal(phone.sync.status().transport, 'ws');

    phone.sync.cart.add('p1', { quantity: 2, price: 5, currency: 'EUR' });
    desktop.sync.wishlist.add('w1');
    await until('the desktop sees the phone\'s cart', () => desktop.sync.view().cart[0]?.quantity === 2);
    await until('the phone sees the desktop\'s wishlist', () => phone.sync.view().wishlist[0] === 'w1');
    await until('nothing pending', () => phone.sync.status().pending === 0 && desktop.sync.status().pending === 0);
    desktop.sync.cart.setQuantity('p1', 5);
    await until('the phone sees the new quantity', () => phone.sync.view().cart[0]?.quantity === 5);
    assert.deepEqual(phone.sync.view(), desktop.sync.view());
    assert.equal(phone.sync.status().lastSeq, 3);
    await until('seen {seq: 3} from both devices', () => s.received.filter((f) => f.type === 'seen' && f.seq === 3).length === 2);
    assert.deepEqual(s.requests.filter((r) => r.startsWith('WS')).length, 2);
    assert.deepEqual(phone.errors, []);
  });

  it('falls back to SSE + POST when the WebSocket cannot open; acks, pushes and resuming a dropped stream work there', async () => {
    const s = await server({ refuseUpgrade: true });
    const a = device(s.url);
    const b = device(s.url, { mode: 'sse' });
    b.client.identify('cust-2');
    a.client.identify('cust-2');
    a.sync.cart.add('p1');
    a.sync.start();
    b.sync.start();
    await until('a on SSE', () => a.sync.status().transport === 'sse');
    await until('a\'s op acked', () => a.sync.status().pending === 0);
    await until('b got it pushed', () => b.sync.view().cart[0]?.productId === 'p1');
    assert.equal(b.sync.status().transport, 'sse');
    assert.ok(s.requests.includes('POST /v1/sync/ops'));
    assert.ok(!s.requests.some((r) => r.startsWith('WS')), 'the upgrade was refused');
    b.sync.wishlist.add('w9');
    await until('a sees b\'s wishlist', () => a.sync.view().wishlist.includes('w9'));
    assert.deepEqual(a.sync.view(), b.sync.view());

    // The stream drops and a commit happens meanwhile: the client reopens it from its lastSeq and gets what it missed.
    const seqBefore = a.sync.status().lastSeq;
    const streams = (s as unknown as { streams: Set<{ destroy(): void }> }).streams;
    const op = { opId: 'dev-x:1', hlc: `${String(Date.now()).padStart(15, '0')}.000000.dev-x`, deviceId: 'dev-x', kind: 'viewed.add' as const, productId: 'v1' };
    streams.forEach((r) => r.destroy());
    await until('both streams gone', () => streams.size === 0);
    s.commit('p:cust-2', [op]);
    await until('a applies the missed commit', () => a.sync.view().recentlyViewed.includes('v1'));
    assert.ok(s.streamLastSeqs.includes(seqBefore), `a stream resumed from lastSeq ${seqBefore}: ${JSON.stringify(s.streamLastSeqs)}`);
    assert.equal(a.sync.status().lastSeq, s.person('p:cust-2').seq);
  });

  it('over POST: a refused body is split to find the bad op (nacked, reported), 429 retries later', async () => {
    const s = await server({ refuseUpgrade: true, rateLimitPosts: 1 });
    const d = device(s.url, { mode: 'sse' });
    d.sync.start();
    await until('connected', () => d.sync.status().connected);
    await until('the first snapshot', () => s.requests.includes('GET /v1/sync/events'));
    d.sync.cart.add('good1');
    d.sync.cart.add('bad1');
    d.sync.cart.add('good2');
    await until('all answered', () => d.sync.status().pending === 0, 5000);
    assert.deepEqual(d.sync.view().cart.map((l) => l.productId), ['good1', 'good2']);
    const rejected = d.errors.filter((e) => e.code === 'SDK_ERR_SYNC_REJECTED');
    assert.equal(rejected.length, 1);
    assert.equal(rejected[0]!.op && 'productId' in rejected[0]!.op ? rejected[0]!.op.productId : null, 'bad1');
    assert.equal(rejected[0]!.serverCode, 'CORE_ERR_VALIDATION');
    assert.ok(s.posts.length >= 3, `split into several POSTs: ${s.posts.map((p) => p.length).join(',')}`);
    assert.equal(s.rateLimited, 1, 'the first POST was rate limited, its ops sent again');
    assert.equal(d.errors.filter((e) => e.code !== 'SDK_ERR_SYNC_REJECTED').length, 0);
  });

  it('a socket closed with 4401 (token no longer valid) gets a new token and reconnects', async () => {
    const s = await server();
    const d = device(s.url);
    d.sync.start();
    await until('connected', () => d.sync.status().connected);
    // Forget the server's tokens: the next connection is refused with 4401 and the client asks for a new token.
    (s as unknown as { tokens: Map<string, unknown> }).tokens.clear();
    (s as unknown as { sockets: Set<{ close(c: number): void }> }).sockets.forEach((ws) => ws.close(4401));
    await until('reconnected with a new token', () => d.sync.status().connected && s.requests.filter((r) => r === 'POST /v1/sync/token').length === 2);
  });
});

describe('sdk sync: the SSE parser', () => {
  it('handles events split across chunks, CRLF, comments and multi-line data', () => {
    const got: [string, string][] = [];
    const feed = sseParser((type, data) => got.push([type, data]));
    for (const chunk of [': keep-alive\n\nevent: ops\r', '\ndata: {"a":', '1}\r\n\r\nevent: ack\ndata: x\ndata: y\n', '\ndata:no-space\n\n']) feed(chunk);
    assert.deepEqual(got, [['ops', '{"a":1}'], ['ack', 'x\ny'], ['message', 'no-space']]);
  });
});
