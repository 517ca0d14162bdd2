/**
 * Browser behaviour in Node: this file installs minimal window/document/navigator/localStorage globals (its own
 * process under `node --test`) and removes them after. The beacon stand-in posts the Blob to the real test server
 * the way a browser would: no Authorization header, the key in `?key=`, the Blob's type as Content-Type.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createLockstep, MemoryStorage } from '../src/index.ts';
import type { LockstepError } from '../src/types.ts';
import { FakeIngest, deadEndpoint, sleep } from './helpers/fake-ingest.ts';
import { KEY } from './helpers/client.ts';

interface Beacon { url: string; type: string; body: string; bytes: number }

class FakeDocument extends EventTarget {
  visibilityState: 'visible' | 'hidden' = 'visible';
  title = 'Red shoes – Demo shop';
  referrer = 'https://search.example/?q=shoes';
  hide(): void {
    this.visibilityState = 'hidden';
    this.dispatchEvent(new Event('visibilitychange'));
  }
}

const g = globalThis as Record<string, unknown>;
const GLOBALS = ['window', 'document', 'navigator', 'localStorage'] as const;

describe('sdk: browser (beacon on unload, localStorage, online)', () => {
  let server: FakeIngest;
  let doc: FakeDocument;
  let win: EventTarget & { location: { href: string; origin: string } };
  let beacons: Beacon[];
  let beaconAnswer: boolean;
  let saved: Record<string, PropertyDescriptor | undefined>;

  before(async () => {
    server = await FakeIngest.start();
    saved = Object.fromEntries(GLOBALS.map((k) => [k, Object.getOwnPropertyDescriptor(globalThis, k)]));
  });
  after(async () => {
    for (const k of GLOBALS) {
      if (saved[k]) Object.defineProperty(globalThis, k, saved[k]!);
      else delete g[k];
    }
    await server.close();
  });

  beforeEach(() => {
    beacons = [];
    beaconAnswer = true;
    doc = new FakeDocument();
    win = Object.assign(new EventTarget(), { location: { href: 'https://shop.example/p/red-shoes', origin: 'https://shop.example' } });
    const navigator = {
      language: 'de-CH',
      userAgent: 'Mozilla/5.0 (test)',
      sendBeacon(url: string, data: Blob): boolean {
        if (!beaconAnswer) return false;
        void data.text().then(async (body) => {
          beacons.push({ url, type: data.type, body, bytes: data.size });
          await fetch(url, { method: 'POST', headers: { 'content-type': data.type }, body });
        });
        return true;
      },
    };
    for (const [k, v] of [['window', win], ['document', doc], ['navigator', navigator], ['localStorage', new MemoryStorage()]] as const) {
      Object.defineProperty(globalThis, k, { value: v, configurable: true, writable: true });
    }
  });

  const make = (opts: Record<string, unknown> = {}) => {
    const errors: LockstepError[] = [];
    const client = createLockstep({
      endpoint: server.url, publishableKey: KEY, channel: 'web', flushIntervalMs: 60_000,
      retry: { baseMs: 40, maxMs: 200 }, onError: (e) => errors.push(e), ...opts,
    });
    return { client, errors };
  };

  it('visibilitychange → hidden hands the queue to sendBeacon with ?key= (no Authorization), text/plain cross-origin', async () => {
    const { client } = make();
    const p = client.page();
    client.track('product_view', { productId: 'red-shoes', price: 59, currency: 'CHF' });
    assert.equal(client.pending(), 2);
    const start = server.requests.length;
    doc.hide();
    assert.equal(client.pending(), 0, 'beaconed events leave the queue');
    assert.equal((globalThis as unknown as { localStorage: MemoryStorage }).localStorage.getItem('lockstep.queue'), null);
    await server.waitFor(() => server.requests.length > start, 3000, 'beacon request');
    const req = server.requests[start]!;
    assert.equal(req.outcome, 200);
    assert.equal(req.authorization, undefined);
    assert.equal(req.key, KEY);
    assert.equal(req.contentType, 'text/plain;charset=utf-8');
    assert.equal(beacons[0]!.url, `${server.url}/v1/events?key=${KEY}`);
    assert.deepEqual(req.events.map((e) => e.type), ['page_view', 'product_view']);
    assert.deepEqual(req.events[0]!.properties, { url: 'https://shop.example/p/red-shoes', title: 'Red shoes – Demo shop' });
    assert.deepEqual(req.events[0]!.context, {
      locale: 'de-CH', userAgent: 'Mozilla/5.0 (test)', page: { url: 'https://shop.example/p/red-shoes', referrer: 'https://search.example/?q=shoes' },
    });
    assert.equal(req.events[0]!.eventId, p!.eventId);
    await client.shutdown(0);
  });

  it('pagehide sends a JSON Blob when the endpoint is same-origin', async () => {
    win.location = { href: `${server.url}/demo`, origin: server.url };
    const { client } = make();
    client.track('custom:leaving');
    const start = server.requests.length;
    win.dispatchEvent(new Event('pagehide'));
    await server.waitFor(() => server.requests.length > start, 3000, 'beacon request');
    assert.equal(server.requests[start]!.contentType, 'application/json');
    assert.equal(server.requests[start]!.outcome, 200);
    await client.shutdown(0);
  });

  it('uses localStorage by default: the anonymousId and a queue the beacon could not take survive a reload', async () => {
    const ls = (globalThis as unknown as { localStorage: MemoryStorage }).localStorage;
    const first = make({ endpoint: await deadEndpoint() });
    const ev = first.client.track('custom:kept');
    beaconAnswer = false; // quota used up
    doc.hide();
    assert.equal(first.client.pending(), 1);
    assert.equal(ls.getItem('lockstep.anonymousId'), first.client.getAnonymousId());
    assert.match(ls.getItem('lockstep.queue') ?? '', new RegExp(ev!.eventId));
    await first.client.shutdown(0);
    const start = server.requests.length;
    const second = make();
    assert.equal(second.client.getAnonymousId(), first.client.getAnonymousId());
    await server.waitFor(() => second.client.pending() === 0, 3000, 'queue sent after reload');
    assert.ok(server.requests.slice(start).some((r) => r.events.some((e) => e.eventId === ev!.eventId)));
    await second.client.shutdown(0);
  });

  it('splits beacons under 64 KiB and leaves events being sent by fetch alone', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    const { client } = make({ flushAt: 1000, fetch: (async (i: RequestInfo | URL, init?: RequestInit) => { await gate; return fetch(i, init); }) as typeof fetch });
    const inflight = client.track('custom:inflight', { i: -1 });
    const flushing = client.flush();
    const pad = 'x'.repeat(7000);
    for (let i = 0; i < 20; i++) client.track('custom:big', { i, pad });
    doc.hide();
    await sleep(50);
    assert.ok(beacons.length >= 3, `${beacons.length} beacons`);
    assert.ok(beacons.every((b) => b.bytes <= 60_000), 'each beacon under the cap');
    const beaconed = beacons.flatMap((b) => (JSON.parse(b.body) as { events: { eventId: string; properties: { i: number } }[] }).events);
    assert.deepEqual(beaconed.map((e) => e.properties.i), [...Array(20).keys()]);
    assert.ok(!beaconed.some((e) => e.eventId === inflight!.eventId), 'the in-flight event is not beaconed');
    assert.equal(client.pending(), 1);
    release();
    await flushing;
    assert.equal(client.pending(), 0);
    await client.shutdown(0);
  });

  it('offline (navigator.onLine false) the queue is not beaconed but kept in localStorage for the next load', async () => {
    const nav = (globalThis as unknown as { navigator: { onLine?: boolean } }).navigator;
    nav.onLine = false;
    const ls = (globalThis as unknown as { localStorage: MemoryStorage }).localStorage;
    const { client } = make({ endpoint: await deadEndpoint() });
    const ev = client.track('custom:offline');
    doc.hide();
    win.dispatchEvent(new Event('pagehide'));
    assert.equal(beacons.length, 0);
    assert.equal(client.pending(), 1);
    assert.match(ls.getItem('lockstep.queue') ?? '', new RegExp(ev!.eventId));
    await client.shutdown(0);
    nav.onLine = true;
    const next = make();
    next.client.track('custom:online');
    doc.visibilityState = 'visible';
    doc.hide();
    assert.equal(next.client.pending(), 0, 'online again: the adopted event and the new one are beaconed');
    await server.waitFor(() => server.stored.has(ev!.eventId), 3000, 'the offline event delivered');
    await next.client.shutdown(0);
  });

  it('a secret key in a page is reported and never put in a URL', async () => {
    const { client, errors } = make({ publishableKey: 'sk_live_abcdefghijklmnopqrstuvwxyz' });
    assert.equal(errors[0]?.code, 'SDK_ERR_SECRET_KEY_IN_BROWSER');
    client.track('custom:x');
    doc.hide();
    await sleep(20);
    assert.equal(beacons.length, 0);
    assert.equal(client.pending(), 1);
    await client.shutdown(0);
  });

  it('the online event retries at once instead of waiting out the backoff', async () => {
    const { client } = make({ retry: { baseMs: 30_000, maxMs: 60_000 } });
    server.failNext('drop');
    const start = server.requests.length;
    client.track('custom:x');
    await client.flush();
    assert.equal(client.pending(), 1);
    win.dispatchEvent(new Event('online'));
    await server.waitFor(() => client.pending() === 0, 2000, 'flush on online');
    assert.deepEqual(server.requests.slice(start).map((r) => r.outcome), ['dropped', 200]);
    await client.shutdown(0);
  });

  it('shutdown removes the listeners', async () => {
    const { client } = make({ endpoint: await deadEndpoint() });
    client.track('custom:x');
    await client.shutdown(0);
    assert.equal(client.pending(), 1);
    doc.hide();
    win.dispatchEvent(new Event('pagehide'));
    await sleep(20);
    assert.equal(beacons.length, 0);
  });
});
