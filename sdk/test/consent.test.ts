/**
 * `lockstep.consent` in Node: against the REAL server (FerretDB + Redis through `npm test`) for the person-level
 * behaviour, and against a small WebSocket stand-in for the reconnect rules. Node 20 has no global WebSocket: the
 * clients get the `ws` package's.
 *
 * The server is built with test/helpers/app.ts through a computed specifier, as real-browser.test.ts does: the SDK's
 * own tsconfig must not typecheck the server code.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import WebSocket, { WebSocketServer } from 'ws';
import { MemoryStorage } from '../src/index.ts';
import type { ConsentChange, LockstepClient, LockstepOptions, WebSocketConstructor } from '../src/types.ts';
import { testClient } from './helpers/client.ts';
import { deadEndpoint, sleep } from './helpers/fake-ingest.ts';
import { startRealServer } from './helpers/real-stack.ts';


const WS = WebSocket as unknown as WebSocketConstructor;

async function until<T>(what: string, probe: () => T | Promise<T>, ms = 10_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

describe('sdk: consent against the real server', { timeout: 120_000 }, () => {
  let server: Awaited<ReturnType<typeof startRealServer>>;
  let api: string;
  let key: string;
  const clients: LockstepClient[] = [];
  const device = (opts: Partial<LockstepOptions> = {}) => {
    const made = testClient(api, { publishableKey: key, WebSocket: WS, storage: new MemoryStorage(), ...opts });
    clients.push(made.client);
    return made;
  };

  before(async () => {
    server = await startRealServer();
    ({ api, key } = server);
  });
  after(async () => {
    for (const c of clients) await c.shutdown(0);
    await server?.close();
  });

  it('two devices of one logged-in shopper: a withdrawal on one reaches the other live, and its tracking stops', async () => {
    const user = `cust-${Date.now()}`;
    const phone = device({ device: { screen: 'phone' }, channel: 'ios' });
    const desktop = device({ device: { screen: 'desktop' } });
    phone.client.identify(user);
    desktop.client.identify(user);
    const seen: ConsentChange[] = [];
    desktop.client.consent.on('change', (c) => seen.push(c));
    await until('the desktop feed is live with the server state', () => desktop.client.consent.live() && desktop.client.consent.records().analytics);
    assert.equal(desktop.client.consent.get('analytics'), true, 'analytics: on until withdrawn');
    assert.equal(desktop.client.consent.get('marketing'), false, 'marketing: off until granted');
    assert.ok(desktop.client.track('product_view', { productId: 'p1' }));

    const after = await phone.client.consent.set({ analytics: false, marketing: true });
    assert.equal(after.analytics, false);
    assert.equal(after.marketing, true);
    assert.equal(phone.client.consent.records().marketing?.basis, 'granted');
    assert.deepEqual(phone.errors, []);

    const change = await until('the desktop hears the withdrawal', () => seen.find((c) => c.source === 'server' && c.purposes.analytics === false));
    assert.ok(change.changed.includes('analytics') && change.changed.includes('marketing'));
    assert.equal(desktop.client.consent.get('analytics'), false);
    assert.deepEqual([desktop.client.consent.get().marketing, desktop.client.getConsent('marketing')], [true, true]);
    assert.equal(desktop.client.track('product_view', { productId: 'p1' }), null, 'respectConsent follows the other device\'s withdrawal');
    assert.ok(desktop.client.track('purchase', { orderId: 'o-1', total: 1, currency: 'EUR' }) === null, 'nor is anything behavioural sent');
    assert.ok(desktop.client.identify(user), 'identify still goes');
  });

  it('purposes() lists the purposes and their texts for a banner', async () => {
    const { client } = device({ liveConsent: false });
    const purposes = await client.consent.purposes();
    const marketing = purposes.find((p) => p.purpose === 'marketing');
    assert.ok(marketing, JSON.stringify(purposes));
    assert.equal(marketing!.default, 'opt-in');
    assert.equal(marketing!.version, 1);
    assert.match(marketing!.textHash, /^[0-9a-f]{64}$/);
    assert.ok(marketing!.text.length > 20);
  });

  it('without a live feed, the first read asks the server once', async () => {
    const { client } = device({ liveConsent: false });
    assert.equal(client.consent.get('personalisation'), undefined, 'nothing known yet');
    await until('the server state', () => client.consent.records().personalisation);
    assert.equal(client.consent.get('personalisation'), true);
    assert.equal(client.consent.live(), false);
  });

  it('a refused choice is rolled back and reported; an invalid one never leaves the device', async () => {
    const { client, errors } = device({ liveConsent: false });
    const state = await client.consent.set({ telepathy: true });
    assert.equal(state.telepathy, undefined);
    assert.equal(client.consent.get('telepathy'), undefined);
    const refused = errors.find((e) => e.code === 'SDK_ERR_CONSENT_REFUSED');
    assert.equal(refused?.serverCode, 'PRIVACY_ERR_CONSENT_UNKNOWN_PURPOSE');
    assert.equal(refused?.status, 400);
    await client.consent.set({ necessary: false });
    await client.consent.set({ 'Bad Name': true });
    await client.consent.set({ marketing: 'yes' as unknown as boolean });
    assert.equal(errors.filter((e) => e.code === 'SDK_ERR_INVALID_CALL').length, 3);
    assert.equal(client.pending(), 0, 'nothing queued');
  });
});

describe('sdk: consent offline and the live feed\'s reconnects', () => {
  it('offline, a choice applies on the device and goes out as consent_update events through the queue', async () => {
    const { client, errors } = testClient(await deadEndpoint(), { liveConsent: false, requestTimeoutMs: 500 });
    const state = await client.consent.set({ marketing: true, analytics: false });
    assert.deepEqual([state.marketing, state.analytics], [true, false]);
    assert.equal(client.pending(), 2, 'two consent_update events wait in the queue');
    assert.ok(errors.some((e) => e.code === 'SDK_ERR_CONSENT_UNAVAILABLE'));
    assert.equal(client.track('page_view', {}), null, 'analytics withdrawn on this device');
    await client.shutdown(0);
  });

  it('reconnects with backoff after the feed drops, sends the new ids after identify, and stops on 4401', async () => {
    const connections: URL[] = [];
    const httpServer = http.createServer();
    const wss = new WebSocketServer({ server: httpServer });
    let mode: 'drop-first' | 'stay' | 'refuse' = 'drop-first';
    wss.on('connection', (socket, req) => {
      const url = new URL(req.url!, 'http://x');
      connections.push(url);
      const granted = connections.length > 1;
      socket.send(JSON.stringify({ type: 'consent', reason: 'connect', purposes: { marketing: granted }, records: { marketing: { granted, basis: granted ? 'granted' : 'default-deny', at: granted ? new Date().toISOString() : null, version: 1 } } }));
      if (mode === 'drop-first' && connections.length === 1) setTimeout(() => socket.terminate(), 50);
      if (mode === 'refuse') setTimeout(() => socket.close(4401, 'API key revoked'), 50);
    });
    await new Promise<void>((r) => httpServer.listen(0, '127.0.0.1', r));
    const endpoint = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
    const { client, errors } = testClient(endpoint, { WebSocket: WS });
    try {
      assert.equal(client.consent.get('marketing'), undefined, 'the first read starts the feed');
      await until('the first frame', () => client.consent.get('marketing') === false);
      await until('a reconnect after the drop', () => connections.length >= 2 && client.consent.get('marketing') === true);
      assert.ok(errors.some((e) => e.code === 'SDK_ERR_CONSENT_UNAVAILABLE' && typeof e.retryInMs === 'number' && e.retryInMs <= 500), 'the first retry comes within the base delay');
      const first = connections[0]!;
      assert.equal(first.pathname, '/v1/consent/socket');
      assert.equal(first.searchParams.get('key'), 'pk_test_abcdefghijklmnopqrstuvwxyz012345');
      assert.equal(first.searchParams.get('anonymousId'), client.getAnonymousId());
      assert.equal(first.searchParams.get('userId'), null);

      mode = 'stay';
      client.identify('cust-9');
      await until('a connection as the logged-in user', () => connections.at(-1)!.searchParams.get('userId') === 'cust-9');

      mode = 'refuse';
      client.reset();
      await until('the refusal reported', () => errors.find((e) => /not reconnecting/.test(e.message)));
      const count = connections.length;
      await sleep(1500);
      assert.equal(connections.length, count, 'no reconnect after 4401');
      assert.equal(client.consent.live(), false);
    } finally {
      await client.shutdown(0);
      for (const s of wss.clients) s.terminate();
      wss.close();
      await new Promise<void>((r) => httpServer.close(() => r()));
    }
  });
});
