import type { Page } from 'playwright-core';

/** What the tiny consent shop page exposes on window (the SDK bundle and one client). */
interface ShopWindow {
  Lockstep: { createLockstep(options: Record<string, unknown>): ShopClient };
  lockstep: ShopClient;
  sdkErrors: { code: string; serverCode?: string; message: string }[];
}
interface ShopClient {
  identify(userId: string): unknown;
  page(): unknown;
  track(type: string, properties?: Record<string, unknown>): { eventId: string } | null;
  flush(): Promise<{ accepted: number; dropped: number; pending: number }>;
  getAnonymousId(): string;
  consent: {
    get(purpose?: string): unknown;
    set(choices: Record<string, boolean>): Promise<Record<string, boolean>>;
    live(): boolean;
    records(): Record<string, { basis: string }>;
  };
}

/**
 * One device's tab of a storefront that uses the SDK bundle (served by the test from another origin than the API):
 * creates the client, and drives `lockstep.*` in the page, as a shop's own scripts would.
 */
export class ConsentShopPage {
  constructor(readonly page: Page, private readonly shopUrl: string) {}

  async open(opts: { endpoint: string; publishableKey: string; channel: string; screen: 'phone' | 'desktop'; respectConsent?: boolean }): Promise<void> {
    // tsx compiles these evaluate callbacks with esbuild's keepNames: give the page the `__name` helper it calls.
    await this.page.addInitScript('globalThis.__name = (f) => f;');
    await this.page.goto(`${this.shopUrl}/shop`);
    await this.page.locator('body[data-ready="1"]').waitFor({ state: 'attached' });
    await this.page.evaluate((o) => {
      const w = globalThis as unknown as ShopWindow;
      w.sdkErrors = [];
      w.lockstep = w.Lockstep.createLockstep({
        endpoint: o.endpoint, publishableKey: o.publishableKey, channel: o.channel, device: { screen: o.screen }, flushIntervalMs: 60_000,
        respectConsent: o.respectConsent ?? true, onError: (e: { code: string; serverCode?: string; message: string }) => w.sdkErrors.push({ code: e.code, serverCode: e.serverCode, message: e.message }),
      });
    }, opts);
  }

  anonymousId(): Promise<string> {
    return this.page.evaluate(() => (globalThis as unknown as ShopWindow).lockstep.getAnonymousId());
  }

  /** page_view + flush; the eventId sent. */
  async browse(): Promise<string> {
    return this.page.evaluate(async () => {
      const c = (globalThis as unknown as ShopWindow).lockstep;
      const e = c.track('page_view', {}) as { eventId: string };
      await c.flush();
      return e.eventId;
    });
  }

  async viewProduct(productId: string): Promise<{ eventId: string | null; errors: ShopWindow['sdkErrors'] }> {
    return this.page.evaluate(async (productId) => {
      const w = globalThis as unknown as ShopWindow;
      const e = w.lockstep.track('product_view', { productId });
      await w.lockstep.flush();
      return { eventId: e?.eventId ?? null, errors: w.sdkErrors };
    }, productId);
  }

  async login(userId: string): Promise<void> {
    await this.page.evaluate(async (userId) => {
      const c = (globalThis as unknown as ShopWindow).lockstep;
      c.identify(userId);
      await c.flush();
    }, userId);
  }

  /** Starts the live consent feed (the first read does) and waits until the server's state arrived. */
  async watchConsent(): Promise<void> {
    await this.page.evaluate(() => (globalThis as unknown as ShopWindow).lockstep.consent.get());
    await this.page.waitForFunction(() => {
      const c = (globalThis as unknown as ShopWindow).lockstep.consent;
      return c.live() && c.records().analytics !== undefined;
    });
  }

  consent(purpose: string): Promise<boolean | undefined> {
    return this.page.evaluate((p) => (globalThis as unknown as ShopWindow).lockstep.consent.get(p) as boolean | undefined, purpose);
  }

  setConsent(choices: Record<string, boolean>): Promise<Record<string, boolean>> {
    return this.page.evaluate((c) => (globalThis as unknown as ShopWindow).lockstep.consent.set(c), choices);
  }

  /** Waits, without reloading, until `lockstep.consent.get(purpose)` answers `value`. */
  async waitForConsent(purpose: string, value: boolean): Promise<void> {
    await this.page.waitForFunction(([p, v]) => (globalThis as unknown as ShopWindow).lockstep.consent.get(p as string) === v, [purpose, value] as const);
  }
}
