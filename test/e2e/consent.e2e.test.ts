/**
 * Consent end to end (issue 4): one shopper on a phone and a desktop (two Chromium profiles, so two devices) of a
 * storefront that uses the SDK bundle, served from another origin than the API. Both log in as the same customer;
 * the identity worker stitches them into one person. The phone withdraws analytics: the desktop tab's
 * `lockstep.consent.get()` shows it without a reload (consent WebSocket), the desktop's next analytics events are
 * refused by the server, and the compliance officer's dashboard counts the withdrawal. Real stack: API + worker +
 * FerretDB + Redis, console built. Run: `npm test -- --no-typecheck test/e2e/consent.e2e.test.ts`.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import mongoose, { type Connection } from 'mongoose';
import { bundleSdk } from '../../sdk/scripts/bundle.mjs';
import { startStack, type Stack } from '../helpers/stack.ts';
import { ConsentDashboardPage } from './pages/ConsentDashboardPage.ts';
import { ConsentShopPage } from './pages/ConsentShopPage.ts';
import { LoginPage } from './pages/LoginPage.ts';
import { launchBrowser, type Browser } from './support/browser.ts';
import { launchDevice, type DeviceBrowser } from './support/demo-browser.ts';

const RESULTS_DIR = 'test-results';
const TIMEOUT = 180_000;

describe('consent: one shopper, two devices', { timeout: 10 * 60_000 }, () => {
  let stack: Stack;
  let store: Connection;
  let shop: http.Server;
  let shopUrl: string;
  let bundleDir: string;
  const browsers: (DeviceBrowser | Browser)[] = [];
  const customerId = `cust-${randomUUID().slice(0, 8)}`;
  let phone: ConsentShopPage;
  let desktop: ConsentShopPage;

  /** The persons the store attributed these devices' events to (the identity worker writes personId). */
  async function personsOf(anonymousIds: string[]): Promise<(string | null)[]> {
    return Promise.all(anonymousIds.map(async (a) => {
      const e = await store.collection('core_events').find({ anonymousId: a, personId: { $ne: null } }).sort({ receivedAt: -1 }).limit(1).next();
      return (e?.personId as string | undefined) ?? null;
    }));
  }
  async function until<T>(what: string, probe: () => Promise<T>, ms = 60_000): Promise<NonNullable<T>> {
    const deadline = Date.now() + ms;
    let last: T | undefined;
    while (Date.now() < deadline) {
      last = await probe();
      if (last) return last as NonNullable<T>;
      await new Promise((r) => setTimeout(r, 250));
    }
    assert.fail(`${what}: last ${JSON.stringify(last)}`);
  }

  before(async () => {
    bundleDir = await mkdtemp(join(tmpdir(), 'lockstep-consent-e2e-'));
    const js = await readFile((await bundleSdk({ outdir: bundleDir, types: false })).file);
    shop = http.createServer((req, res) => {
      if (req.url === '/lockstep.js') res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(js);
      else if (req.url?.startsWith('/shop')) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><html><head><meta charset="utf-8"><title>Consent shop</title></head><body>
<script type="module">import * as Lockstep from '/lockstep.js'; window.Lockstep = Lockstep; document.body.dataset.ready = '1';</script></body></html>`);
      } else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => shop.listen(0, '127.0.0.1', resolve));
    shopUrl = `http://127.0.0.1:${(shop.address() as AddressInfo).port}`;
    stack = await startStack();
    store = await mongoose.createConnection(stack.env.MONGODB_URI!).asPromise();
    await mkdir(RESULTS_DIR, { recursive: true });
  });

  after(async () => {
    for (const b of browsers) await b.close();
    await store?.close();
    await stack?.stop();
    await new Promise<void>((resolve) => (shop ? shop.close(() => resolve()) : resolve()));
    if (bundleDir) await rm(bundleDir, { recursive: true, force: true });
  });

  test('phone and desktop browse, then log in as one customer: the identity worker makes them one person', { timeout: TIMEOUT }, async () => {
    for (const kind of ['phone', 'desktop'] as const) {
      const device = await launchDevice(kind);
      browsers.push(device);
      const page = new ConsentShopPage(device.page, shopUrl);
      // The desktop leaves enforcement to the server, so the test sees what the server refuses.
      await page.open({ endpoint: stack.baseUrl, publishableKey: stack.publishableKey, channel: kind === 'phone' ? 'ios' : 'web', screen: kind, respectConsent: kind === 'phone' });
      await page.browse();
      if (kind === 'phone') phone = page;
      else desktop = page;
    }
    const anons = [await phone.anonymousId(), await desktop.anonymousId()];
    assert.notEqual(anons[0], anons[1], 'two devices');
    await phone.login(customerId);
    await desktop.login(customerId);
    await until('both devices attributed to one person', async () => {
      const [a, b] = await personsOf(anons);
      return a && a === b ? a : null;
    });
  });

  test('withdrawn on the phone: the desktop tab shows it without a reload, and its next analytics events are refused', { timeout: TIMEOUT }, async () => {
    await desktop.watchConsent();
    assert.equal(await desktop.consent('analytics'), true, 'on until withdrawn');
    const before = await desktop.viewProduct('p-1');
    assert.ok(before.eventId, 'a product view is sent');
    await until('the product view stored', async () => store.collection('core_events').findOne({ eventId: before.eventId }));
    const url = desktop.page.url();

    const answered = await phone.setConsent({ analytics: false });
    assert.equal(answered.analytics, false);
    await desktop.waitForConsent('analytics', false);
    assert.equal(desktop.page.url(), url, 'no reload');
    await desktop.page.screenshot({ path: `${RESULTS_DIR}/consent-desktop-after-withdrawal.png` });

    const afterWithdrawal = await desktop.viewProduct('p-2');
    const rejected = afterWithdrawal.errors.find((e) => e.code === 'SDK_ERR_EVENT_REJECTED');
    assert.equal(rejected?.serverCode, 'EVENTS_ERR_CONSENT_DENIED', JSON.stringify(afterWithdrawal.errors));
    assert.equal(await store.collection('core_events').countDocuments({ eventId: afterWithdrawal.eventId }), 0, 'not processed: not stored');

    const history = await store.collection('privacy_consent_history').find({ purpose: 'analytics', subjects: customerId }).toArray();
    assert.equal(history.length, 1);
    assert.equal(history[0]!.granted, false);
    assert.equal(history[0]!.channel, 'ios');
    assert.equal(history[0]!.subjectKind, 'person', 'stored for the person, not the device');

    // Granted again on the desktop: the phone follows, and the desktop's events are accepted again.
    await desktop.setConsent({ analytics: true });
    await phone.waitForConsent('analytics', true);
    const again = await desktop.viewProduct('p-3');
    assert.equal(again.errors.filter((e) => e.code === 'SDK_ERR_EVENT_REJECTED').length, 1, 'only the earlier refusal');
    await until('the product view stored again', async () => store.collection('core_events').findOne({ eventId: again.eventId }));
  });

  test('the compliance officer\'s dashboard counts the choices and publishes a new text version', { timeout: TIMEOUT }, async () => {
    const admin = await launchBrowser();
    browsers.push(admin);
    await new LoginPage(admin.page, stack.baseUrl).login(stack.adminEmail, stack.adminPassword);
    await admin.page.getByTestId('menu-group-privacy').waitFor();
    const dashboard = new ConsentDashboardPage(admin.page, stack.baseUrl);
    await dashboard.open();
    assert.deepEqual(await dashboard.counts('analytics'), { granted: 1, denied: 0 }, 'the current choice of the person: granted again');
    assert.equal(await dashboard.rate('analytics'), '100%');
    await admin.page.getByTestId('consent-channel-web').waitFor();
    assert.equal(await dashboard.version('marketing'), 'v1');
    await dashboard.publish('marketing', 'We would like to send you offers that match what you browse. Say yes only if you want them.');
    assert.equal(await dashboard.version('marketing'), 'v2');
    await admin.page.screenshot({ path: `${RESULTS_DIR}/consent-dashboard.png`, fullPage: true });
    const text = await fetch(`${stack.baseUrl}/v1/consent/purposes?key=${stack.publishableKey}`).then((r) => r.json()) as { purposes: { purpose: string; version: number }[] };
    assert.equal(text.purposes.find((p) => p.purpose === 'marketing')?.version, 2, 'the banner text is the new version');
  });
});
