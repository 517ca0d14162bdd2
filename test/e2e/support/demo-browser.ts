import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium; never `playwright install`. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** The two devices of the demo shop's shopper, as browser windows. */
export const VIEWPORTS = {
  desktop: { viewport: { width: 1280, height: 900 } },
  phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true },
} as const;

export interface DeviceBrowser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** A fresh Chromium with its own throw-away profile (own localStorage: a separate device), sized as `kind`. */
export async function launchDevice(kind: keyof typeof VIEWPORTS): Promise<DeviceBrowser> {
  const profile = await mkdtemp(join(tmpdir(), `lockstep-demo-${kind}-`));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, locale: 'en-US', ...VIEWPORTS[kind] });
  context.setDefaultTimeout(15_000);
  const page = context.pages()[0] ?? (await context.newPage());
  // The page's own errors go to the test output: a failing e2e run in CI then says what the page said.
  page.on('pageerror', (err) => console.error(`[${kind} pageerror] ${err.message}`));
  page.on('console', (msg) => { if (msg.type() === 'error' || process.env.E2E_PAGE_LOG) console.error(`[${kind} console.${msg.type()}] ${msg.text()}`); });
  return {
    context, page,
    async close() {
      await context.close().catch(() => undefined);
      await rm(profile, { recursive: true, force: true });
    },
  };
}
