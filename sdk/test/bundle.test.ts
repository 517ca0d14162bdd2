/**
 * scripts/bundle.mjs: one self-contained ES module that works as published, and typings that a strict TypeScript
 * consumer can use (checked with tsc, `@ts-expect-error` marking what must stay a type error).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { bundleSdk, type BundleResult } from '../scripts/bundle.mjs';
import { FakeIngest } from './helpers/fake-ingest.ts';
import { KEY } from './helpers/client.ts';

describe('sdk: browser bundle and typings', { timeout: 120_000 }, () => {
  let dir: string;
  let out: BundleResult;
  let server: FakeIngest;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lockstep-sdk-dist-'));
    out = await bundleSdk({ outdir: dir, minify: true });
    server = await FakeIngest.start();
  });
  after(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('is one ES module without imports, exporting the public API, and it works', async () => {
    assert.equal(out.file, join(dir, 'lockstep.js'));
    const code = await readFile(out.file, 'utf8');
    assert.equal(out.bytes, Buffer.byteLength(code));
    assert.doesNotMatch(code, /(^|[;\s])import\s*[\w{*"'(]|require\(/, 'no imports left: the file stands alone');
    assert.doesNotMatch(code, /["'`]node:/, 'no Node built-ins');
    assert.doesNotMatch(code, /typebox/i, 'the merge library is bundled without the server\'s schema library');
    const mod = (await import(pathToFileURL(out.file).href)) as typeof import('../src/index.ts');
    assert.deepEqual(Object.keys(mod).sort(), ['Lockstep', 'MemoryStorage', 'createLockstep', 'defaultStorage', 'eventsUrl', 'uuid']);
    const client = mod.createLockstep({ endpoint: server.url, publishableKey: KEY, channel: 'web', storage: new mod.MemoryStorage() });
    const ev = client.track('search', { query: 'bundled' });
    assert.deepEqual(await client.flush(), { accepted: 1, dropped: 0, pending: 0 });
    assert.ok(server.stored.has(ev!.eventId));
    await client.shutdown(0);
  });

  it('ships typings a strict consumer compiles against, and they catch misuse', async () => {
    assert.equal(out.types, join(dir, 'lockstep.d.ts'));
    await writeFile(join(dir, 'consumer.ts'), `
import { createLockstep, MemoryStorage, type LockstepClient, type LockstepError, type LockstepEvent, type SyncApi, type SyncOp, type SyncStatus, type SyncView } from './lockstep.js';

const errors: LockstepError[] = [];
const lockstep: LockstepClient = createLockstep({
  endpoint: 'https://api.example.com', publishableKey: 'pk_live_x', channel: 'web', storage: new MemoryStorage(),
  onError: (e) => { errors.push(e); },
});
const viewed: LockstepEvent | null = lockstep.track('product_view', { productId: 'p1', price: 9.5, currency: 'EUR' });
lockstep.track('custom:spin_wheel', { prize: 'x' });
lockstep.track('page_view');
lockstep.page({ title: 'Home' });
lockstep.identify('cust-1', { email: 'a@example.com' });
lockstep.setConsent('analytics', true);
const granted: boolean | undefined = lockstep.getConsent('analytics');
lockstep.reset();
void lockstep.flush().then((r) => r.accepted + r.dropped + r.pending);
void viewed; void granted;

// sync: typed view, ops and events
const sync: SyncApi = lockstep.sync;
const op: SyncOp | null = sync.cart.add('p1', { quantity: 2, price: 9.5, currency: 'EUR' });
sync.cart.setQuantity('p1', 3, { variantId: 'red' });
const inWishlist: boolean = sync.wishlist.toggle('p2');
sync.setPreference('language', 'fr-FR');
sync.resume({ checkoutStep: 'shipping', lastProductId: null });
const off = sync.subscribe((v: SyncView) => v.cart.map((l) => l.quantity * (l.priceSeen ?? 0)));
sync.on('status', (s: SyncStatus) => s.connected && s.transport === 'ws');
sync.on('error', (e) => e.code === 'SDK_ERR_SYNC_REJECTED' && e.op?.opId);
const price: number | undefined = sync.catalog()['p1']?.price;
off(); void op; void inWishlist; void price;
// @ts-expect-error not a preference key
sync.setPreference('colour', 'red');
// @ts-expect-error not a sync event
sync.on('ops', () => undefined);

// @ts-expect-error search needs its query
lockstep.track('search');
// @ts-expect-error product_view needs a productId
lockstep.track('product_view', { price: 1 });
// @ts-expect-error price is a number
lockstep.track('add_to_cart', { productId: 'p1', price: '9.50' });
// @ts-expect-error not an event type (custom events are custom:<name>)
lockstep.track('teleport');
// @ts-expect-error the channel is required
createLockstep({ endpoint: 'x', publishableKey: 'pk_live_x' });
// @ts-expect-error granted is a boolean
lockstep.setConsent('analytics', 'yes');
`);
    await writeFile(join(dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2022', 'DOM'], types: [], strict: true, noEmit: true, skipLibCheck: false },
      files: ['consumer.ts'],
    }));
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    const r = spawnSync(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json')], { encoding: 'utf8' });
    assert.equal(r.status, 0, `tsc failed on the published typings:\n${r.stdout}${r.stderr}`);
  });
});
