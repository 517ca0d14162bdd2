/**
 * The browser bundle (sdk/dist/lockstep.js, built by scripts/bundle.mjs) in real Chromium against the REAL Lockstep
 * server (FerretDB + Redis, through `npm test`). The shop page is served from another origin than the API, as a
 * merchant's storefront would be, so CORS, the `?key=` beacon form and the text/plain body are exercised for real.
 *
 * The server is built with test/helpers/app.ts. It is imported by a computed specifier on purpose: the SDK's own
 * tsconfig (stricter, and without the server's settings) must not typecheck the server code; the few members used
 * are typed below.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type BrowserContext, type Page, type Request } from 'playwright';
import { bundleSdk } from '../scripts/bundle.mjs';
import type { FlushResult, LockstepOptions } from '../src/types.ts';

interface StoredEvent {
  eventId: string;
  type: string;
  anonymousId?: string;
  userId?: string;
  channel: string;
  keyId: string;
  traits?: Record<string, unknown>;
  properties?: Record<string, unknown>;
  context?: { userAgent?: string; locale?: string; page?: { url: string } };
}

interface RealServer {
  app: {
    listen(opts: { port: number; host: string }): Promise<string>;
    lockstep: { models: { Event: { find(filter: object): { lean<T>(): Promise<T> } } } };
  };
  config: { LOCKSTEP_DEMO_PUBLISHABLE_KEY?: string };
  seed: { demoTenantId: string };
  close(): Promise<void>;
}

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

declare global {
  interface Window {
    Lockstep: typeof import('../src/index.ts');
    lockstep: import('../src/types.ts').LockstepClient;
    lockstepErrors: { code: string; message: string }[];
  }
}

describe('sdk in real Chromium against the real server', { timeout: 180_000 }, () => {
  let server: RealServer;
  let api: string;
  let key: string;
  let shop: http.Server;
  let shopUrl: string;
  let profile: string;
  let context: BrowserContext;
  let bundleDir: string;

  before(async () => {
    bundleDir = await mkdtemp(join(tmpdir(), 'lockstep-sdk-bundle-'));
    const bundle = await bundleSdk({ outdir: bundleDir, types: false });
    const js = await readFile(bundle.file);
    shop = http.createServer((req, res) => {
      if (req.url === '/lockstep.js') {
        res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
        res.end(js);
      } else if (req.url?.startsWith('/shop')) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(`<!doctype html><html><head><meta charset="utf-8"><title>Test shop</title></head><body>
<script type="module">import * as Lockstep from '/lockstep.js'; window.Lockstep = Lockstep; document.body.dataset.ready = '1';</script></body></html>`);
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => shop.listen(0, '127.0.0.1', resolve));
    shopUrl = `http://127.0.0.1:${(shop.address() as AddressInfo).port}`;

    const helpers = new URL('../../test/helpers/app.ts', import.meta.url).href;
    const { buildTestApp } = (await import(helpers)) as { buildTestApp: () => Promise<RealServer> };
    server = await buildTestApp();
    api = await server.app.listen({ port: 0, host: '127.0.0.1' });
    key = server.config.LOCKSTEP_DEMO_PUBLISHABLE_KEY!;
    assert.notEqual(new URL(api).origin, new URL(shopUrl).origin, 'the shop is on another origin than the API');

    profile = await mkdtemp(join(tmpdir(), 'lockstep-sdk-browser-'));
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, locale: 'de-CH' });
    context.setDefaultTimeout(15_000);
    // tsx compiles this file with esbuild's keepNames: functions passed to page.evaluate call a `__name` helper
    // that exists in Node only. Give the page a no-op one.
    await context.addInitScript('globalThis.__name = (f) => f;');
  });

  after(async () => {
    await context?.close().catch(() => undefined);
    await server?.close();
    await new Promise<void>((resolve) => (shop ? shop.close(() => resolve()) : resolve()));
    await rm(profile, { recursive: true, force: true });
    await rm(bundleDir, { recursive: true, force: true });
  });

  /** A shop page with a client created from the bundle (flushes only when told, unless options say otherwise). */
  async function openShop(path = '/shop', options: Partial<LockstepOptions> = {}): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${shopUrl}${path}`);
    await page.locator('body[data-ready="1"]').waitFor({ state: 'attached' });
    await page.evaluate(({ endpoint, publishableKey, options }) => {
      window.lockstepErrors = [];
      window.lockstep = window.Lockstep.createLockstep({
        endpoint, publishableKey, channel: 'web', flushAt: 100, flushIntervalMs: 60_000, retry: { baseMs: 50, maxMs: 200 },
        device: { screen: 'desktop' }, onError: (e) => window.lockstepErrors.push({ code: e.code, message: e.message }), ...options,
      });
    }, { endpoint: api, publishableKey: key, options });
    return page;
  }

  async function storedEvents(ids: string[], timeoutMs = 10_000): Promise<StoredEvent[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const docs = await server.app.lockstep.models.Event.find({ tenantId: server.seed.demoTenantId, eventId: { $in: ids } }).lean<StoredEvent[]>();
      if (docs.length >= ids.length || Date.now() > deadline) return docs;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  function captureEventRequests(): { requests: Request[]; stop(): void } {
    const requests: Request[] = [];
    const on = (r: Request) => { if (r.url().startsWith(`${api}/v1/events`) && r.method() === 'POST') requests.push(r); };
    context.on('request', on);
    return { requests, stop: () => context.off('request', on) };
  }

  it('fetch path: a page on another origin sends with Authorization (CORS preflight), and the server stores the events with browser context', async () => {
    const page = await openShop('/shop/p/red-shoes');
    const capture = captureEventRequests();
    const { ids, result, anonymousId, stored } = await page.evaluate(async () => {
      const c = window.lockstep;
      const ids = [
        c.page()!.eventId,
        c.track('product_view', { productId: 'red-shoes', price: 59, currency: 'CHF' })!.eventId,
        c.identify('cust-real-1', { email: 'ada@example.com' })!.eventId,
        c.track('add_to_cart', { productId: 'red-shoes', quantity: 1, price: 59, currency: 'CHF' })!.eventId,
      ];
      const result: FlushResult = await c.flush();
      return { ids, result, anonymousId: c.getAnonymousId(), stored: localStorage.getItem('lockstep.anonymousId') };
    });
    capture.stop();
    assert.deepEqual(result, { accepted: 4, dropped: 0, pending: 0 }, JSON.stringify(await page.evaluate(() => window.lockstepErrors)));
    assert.equal(stored, anonymousId, 'the anonymousId lives in localStorage');
    assert.equal(capture.requests.length, 1);
    const headers = await capture.requests[0]!.allHeaders();
    assert.equal(headers.authorization, `Bearer ${key}`);
    assert.doesNotMatch(capture.requests[0]!.url(), /key=/, 'fetch never puts the key in the URL');
    const docs = await storedEvents(ids);
    const byId = new Map(docs.map((d) => [d.eventId, d]));
    assert.deepEqual(ids.map((id) => byId.get(id)?.type), ['page_view', 'product_view', 'identify', 'add_to_cart']);
    for (const d of docs) {
      assert.equal(d.anonymousId, anonymousId);
      assert.equal(d.channel, 'web');
      assert.equal(d.context?.page?.url, `${shopUrl}/shop/p/red-shoes`);
      assert.equal(d.context?.locale, 'de-CH');
      assert.match(d.context?.userAgent ?? '', /Chrome/);
    }
    assert.equal(byId.get(ids[0]!)!.properties?.title, 'Test shop');
    assert.equal(byId.get(ids[1]!)!.userId ?? undefined, undefined, 'before identify: no userId');
    assert.equal(byId.get(ids[2]!)!.userId, 'cust-real-1');
    assert.equal(byId.get(ids[3]!)!.userId, 'cust-real-1');
    await page.close();
  });

  it('visibilitychange → hidden: sendBeacon posts text/plain to ?key= without Authorization, and the real server stores the events', async () => {
    const page = await openShop();
    const capture = captureEventRequests();
    const ids = await page.evaluate(() => [
      window.lockstep.track('search', { query: 'boots' })!.eventId,
      window.lockstep.track('wishlist_add', { productId: 'boots-2' })!.eventId,
    ]);
    const after = await page.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
      document.dispatchEvent(new Event('visibilitychange'));
      return { pending: window.lockstep.pending(), queue: localStorage.getItem('lockstep.queue') };
    });
    assert.deepEqual(after, { pending: 0, queue: null }, 'handed to the browser: nothing left to send');
    const docs = await storedEvents(ids);
    assert.deepEqual(docs.map((d) => d.eventId).sort(), [...ids].sort(), 'the beaconed events are stored');
    capture.stop();
    assert.equal(capture.requests.length, 1);
    const req = capture.requests[0]!;
    const url = new URL(req.url());
    assert.equal(url.searchParams.get('key'), key);
    const headers = await req.allHeaders();
    assert.equal(headers.authorization, undefined);
    assert.match(headers['content-type'] ?? '', /^text\/plain/i, 'a CORS simple request: no preflight');
    await page.close();
  });

  it('pagehide of a real navigation delivers what is queued by beacon', async () => {
    const page = await openShop();
    const ids = await page.evaluate(() => [
      window.lockstep.track('product_view', { productId: 'hat-1' })!.eventId,
      window.lockstep.track('remove_from_cart', { productId: 'hat-1', quantity: 1 })!.eventId,
    ]);
    await page.goto('about:blank');
    const docs = await storedEvents(ids);
    assert.deepEqual(docs.map((d) => d.eventId).sort(), [...ids].sort());
    await page.close();
  });

  it('offline: the queue survives in localStorage across a reload (no beacon while offline) and the next page sends it', async () => {
    const first = await openShop();
    await context.setOffline(true);
    try {
      const state = await first.evaluate(async () => {
        const ids = [
          window.lockstep.track('checkout_step', { step: 1 })!.eventId,
          window.lockstep.track('custom:coupon_tried', { code: 'X' })!.eventId,
        ];
        const result = await window.lockstep.flush();
        return { ids, result, anonymousId: window.lockstep.getAnonymousId(), errors: window.lockstepErrors.map((e) => e.code) };
      });
      assert.deepEqual(state.result, { accepted: 0, dropped: 0, pending: 2 });
      assert.ok(state.errors.includes('SDK_ERR_SEND_FAILED'));
      // The page goes away while offline: pagehide fires, but nothing is beaconed.
      await first.goto('about:blank').catch(() => undefined);
      await first.close();
      assert.equal((await storedEvents(state.ids, 300)).length, 0, 'nothing reached the server while offline');
      await context.setOffline(false);

      const second = await openShop('/shop', { flushIntervalMs: 100 });
      assert.equal(await second.evaluate(() => window.lockstep.getAnonymousId()), state.anonymousId, 'same device, same anonymousId');
      const docs = await storedEvents(state.ids);
      assert.deepEqual(docs.map((d) => d.eventId).sort(), [...state.ids].sort(), 'the previous page\'s events arrive');
      assert.ok(docs.every((d) => d.anonymousId === state.anonymousId));
      await second.waitForFunction(() => window.lockstep.pending() === 0 && localStorage.getItem('lockstep.queue') === null);
      await second.close();
    } finally {
      await context.setOffline(false);
    }
  });
});
