/**
 * `lockstep.consent` from the browser bundle in real Chromium against the REAL server: two browser profiles (two
 * devices, each with its own localStorage) of one logged-in shopper on a shop served from another origin than the
 * API. A withdrawal made on one reaches the other through its consent WebSocket, without a reload.
 * Built like real-browser.test.ts (computed import of the server helpers; Debian's Chromium).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright';
import { DeviceProfiles, startRealServer, startShop } from './helpers/real-stack.ts';

declare global {
  interface Window {
    Lockstep: typeof import('../src/index.ts');
    lockstep: import('../src/types.ts').LockstepClient;
    consentChanges: import('../src/types.ts').ConsentChange[];
  }
}

describe('sdk consent in real Chromium: two devices of one shopper', { timeout: 180_000 }, () => {
  let server: Awaited<ReturnType<typeof startRealServer>>;
  let api: string;
  let key: string;
  let shop: Awaited<ReturnType<typeof startShop>>;
  const devices = new DeviceProfiles();

  before(async () => {
    shop = await startShop('Consent shop');
    server = await startRealServer();
    ({ api, key } = server);
  });

  after(async () => {
    await devices.closeAll();
    await server?.close();
    await shop?.close();
  });

  /** One device: its own browser profile, the shop page, a client logged in as `userId`. */
  async function openDevice(screen: 'phone' | 'desktop', userId: string): Promise<Page> {
    const { page } = await devices.open(`consent-${screen}`);
    await page.goto(`${shop.url}/shop`);
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
