/**
 * What the SDK tests against the REAL server share: the server itself (test/helpers/app.ts, imported by a computed
 * specifier so the SDK's typecheck never pulls the server in; FerretDB + Redis come from `npm test`), a shop page on
 * another origin that serves the browser bundle, and Debian's Chromium profiles (one per device; never
 * `playwright install`).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright';
import { bundleSdk } from '../../scripts/bundle.mjs';

interface RealServer {
  app: { listen(opts: { port: number; host: string }): Promise<string> };
  config: { LOCKSTEP_DEMO_PUBLISHABLE_KEY?: string };
  close(): Promise<void>;
}

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** The Lockstep API on a free port, with its demo tenant's publishable key. */
export async function startRealServer(): Promise<{ api: string; key: string; close(): Promise<void> }> {
  const helpers = new URL('../../../test/helpers/app.ts', import.meta.url).href;
  const { buildTestApp } = (await import(helpers)) as { buildTestApp: () => Promise<RealServer> };
  const server = await buildTestApp();
  const api = await server.app.listen({ port: 0, host: '127.0.0.1' });
  return { api, key: server.config.LOCKSTEP_DEMO_PUBLISHABLE_KEY!, close: () => server.close() };
}

/**
 * A shop on its own origin: `/lockstep.js` is the freshly built browser bundle, `/shop` a page that imports it as
 * `window.Lockstep`, stamps `window.loadedAt` and marks `body[data-ready="1"]`.
 */
export async function startShop(title: string): Promise<{ url: string; close(): Promise<void> }> {
  const bundleDir = await mkdtemp(join(tmpdir(), 'lockstep-sdk-shop-'));
  const js = await readFile((await bundleSdk({ outdir: bundleDir, types: false })).file);
  const shop = http.createServer((req, res) => {
    if (req.url === '/lockstep.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(js);
    } else if (req.url?.startsWith('/shop')) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body>
<script type="module">import * as Lockstep from '/lockstep.js'; window.Lockstep = Lockstep; window.loadedAt = Date.now(); document.body.dataset.ready = '1';</script></body></html>`);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => shop.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(shop.address() as AddressInfo).port}`,
    async close() {
      await new Promise<void>((resolve) => shop.close(() => resolve()));
      await rm(bundleDir, { recursive: true, force: true });
    },
  };
}

/** Browser devices, each a Chromium with its own throw-away profile (own localStorage). */
export class DeviceProfiles {
  readonly #open: { context: BrowserContext; profile: string }[] = [];

  async open(name: string): Promise<{ context: BrowserContext; page: Page }> {
    const profile = await mkdtemp(join(tmpdir(), `lockstep-sdk-${name}-`));
    const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    this.#open.push({ context, profile });
    context.setDefaultTimeout(15_000);
    // tsx's keepNames helper is not in the page: functions passed to page.evaluate must not call it.
    await context.addInitScript('globalThis.__name = (f) => f;');
    return { context, page: context.pages()[0] ?? (await context.newPage()) };
  }

  async closeAll(): Promise<void> {
    for (const d of this.#open.splice(0)) {
      await d.context.close().catch(() => undefined);
      await rm(d.profile, { recursive: true, force: true });
    }
  }
}
