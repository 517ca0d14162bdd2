/**
 * `lockstep.consent` from the browser bundle in real Chromium against the REAL server: two browser profiles (two
 * devices, each with its own localStorage) of one logged-in shopper on a shop served from another origin than the
 * API. A withdrawal made on one reaches the other through its consent WebSocket, without a reload.
 * Built like real-browser.test.ts (computed import of the server helpers; Debian's Chromium).
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type BrowserContext, type Page } from 'playwright';
import { bundleSdk } from '../scripts/bundle.mjs';

interface RealServer {
  app: { listen(opts: { port: number; host: string }): Promise<string> };
  config: { LOCKSTEP_DEMO_PUBLISHABLE_KEY?: string };
  close(): Promise<void>;
}

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

declare global {
  interface Window {
    Lockstep: typeof import('../src/index.ts');
    lockstep: import('../src/types.ts').LockstepClient;
    consentChanges: import('../src/types.ts').ConsentChange[];
  }
}

describe('sdk consent in real Chromium: two devices of one shopper', { timeout: 180_000 }, () => {
  let server: RealServer;
  let api: string;
  let key: string;
  let shop: http.Server;
  let shopUrl: string;
  let bundleDir: string;
  const devices: { context: BrowserContext; profile: string }[] = [];

  before(async () => {
    bundleDir = await mkdtemp(join(tmpdir(), 'lockstep-sdk-consent-'));
    const js = await readFile((await bundleSdk({ outdir: bundleDir, types: false })).file);
    shop = http.createServer((req, res) => {
      if (req.url === '/lockstep.js') {
        res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(js);
      } else if (req.url?.startsWith('/shop')) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><html><head><meta charset="utf-8"><title>Consent shop</title></head><body>
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
  });

  after(async () => {
    for (const d of devices) {
      await d.context.close().catch(() => undefined);
      await rm(d.profile, { recursive: true, force: true });
    }
    await server?.close();
    await new Promise<void>((resolve) => (shop ? shop.close(() => resolve()) : resolve()));
    await rm(bundleDir, { recursive: true, force: true });
  });

  /** One device: its own browser profile, the shop page, a client logged in as `userId`. */
  async function openDevice(screen: 'phone' | 'desktop', userId: string): Promise<Page> {
    const profile = await mkdtemp(join(tmpdir(), `lockstep-consent-${screen}-`));
    const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS });
    devices.push({ context, profile });
    context.setDefaultTimeout(15_000);
    await context.addInitScript('globalThis.__name = (f) => f;');
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${shopUrl}/shop`);
    await page.locator('body[data-ready="1"]').waitFor({ state: 'attached' });
    await page.evaluate(({ endpoint, publishableKey, screen, userId }) => {
      window.consentChanges = [];
      window.lockstep = window.Lockstep.createLockstep({ endpoint, publishableKey, channel: 'web', device: { screen }, flushIntervalMs: 60_000 });
      window.lockstep.identify(userId);
      window.lockstep.consent.on('change', (c) => window.consentChanges.push(c));
    }, { endpoint: api, publishableKey: key, screen, userId });
    await page.waitForFunction(() => window.lockstep.consent.live() && window.lockstep.consent.records().marketing !== undefined);
    return page;
  }

  it('withdrawn on the phone: the desktop tab\'s consent.get() shows it without a reload', async () => {
    const user = `shopper-${Date.now()}`;
    const phone = await openDevice('phone', user);
    const desktop = await openDevice('desktop', user);
    assert.deepEqual(await desktop.evaluate(() => [window.lockstep.consent.get('analytics'), window.lockstep.consent.get('marketing')]), [true, false]);
    const desktopUrl = desktop.url();

    const answered = await phone.evaluate(() => window.lockstep.consent.set({ analytics: false, marketing: true }));
    assert.deepEqual([answered.analytics, answered.marketing], [false, true]);

    await desktop.waitForFunction(() => window.lockstep.consent.get('analytics') === false);
    const seen = await desktop.evaluate(() => ({
      state: window.lockstep.consent.get(),
      change: window.consentChanges.find((c) => c.source === 'server' && c.purposes.analytics === false) ?? null,
      tracked: window.lockstep.track('product_view', { productId: 'p-1' }),
      stored: JSON.parse(localStorage.getItem('lockstep.consent') ?? '{}'),
    }));
    assert.equal(desktop.url(), desktopUrl, 'no reload');
    assert.equal(seen.state.marketing, true);
    assert.ok(seen.change, 'a change event from the server');
    assert.equal(seen.tracked, null, 'the desktop stops tracking at once');
    assert.equal(seen.stored.analytics.granted, false, 'and remembers it on the device');

    // Granted again on the desktop: the phone follows.
    await desktop.evaluate(() => window.lockstep.consent.set({ analytics: true }));
    await phone.waitForFunction(() => window.lockstep.consent.get('analytics') === true);
  });
});
