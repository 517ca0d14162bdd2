/**
 * The demo storefront as the API serves it: static files at /demo/, /demo/config.json with the demo tenant's
 * publishable key only, the console still at /, and the catalogue the storefront reads: readable with the
 * publishable key, never writable with it.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { buildTestApp, type TestApp } from '../helpers/app.ts';

const PRODUCTS = '/api/plugins/catalog/products';

/** npm test builds demo/dist (scripts/lib/services.mjs); a bare `node --test` run builds it here. */
function ensureDemoBuild(): void {
  if (existsSync('demo/dist/index.html') && existsSync('demo/dist/app.js')) return;
  const r = spawnSync(process.execPath, ['demo/build.mjs'], { stdio: 'inherit' });
  assert.equal(r.status, 0, 'demo build failed');
}

describe('demo storefront', () => {
  let t: TestApp;
  let pk: Record<string, string>;
  let owner: Record<string, string>;

  before(async () => {
    ensureDemoBuild();
    t = await buildTestApp({}, { serveConsole: true });
    pk = { authorization: `Bearer ${t.config.LOCKSTEP_DEMO_PUBLISHABLE_KEY}` };
    owner = await t.ownerHeaders();
  });
  after(async () => { await t?.close(); });

  test('serves the storefront at /demo/ (and /demo redirects there) with its script and stylesheet', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/demo/' });
    assert.equal(page.statusCode, 200);
    assert.match(String(page.headers['content-type']), /^text\/html/);
    assert.match(page.body, /data-testid="demo-app"/);
    assert.match(page.body, /<script type="module" src="\/demo\/app\.js">/);
    const bare = await t.app.inject({ method: 'GET', url: '/demo' });
    assert.ok([200, 301, 302].includes(bare.statusCode), `GET /demo → ${bare.statusCode}`);
    if (bare.statusCode !== 200) assert.equal(bare.headers.location, '/demo/');
    const js = await t.app.inject({ method: 'GET', url: '/demo/app.js' });
    assert.equal(js.statusCode, 200);
    assert.match(String(js.headers['content-type']), /javascript/);
    // The SDK is bundled in: the storefront posts its events to the ingestion route.
    assert.match(js.body, /\/v1\/events/);
    assert.equal(js.headers['cache-control'], 'no-cache');
    const css = await t.app.inject({ method: 'GET', url: '/demo/styles.css' });
    assert.equal(css.statusCode, 200);
    assert.match(String(css.headers['content-type']), /text\/css/);
  });

  test('the console stays at / and unknown paths keep the standard 404 error body', async () => {
    if (existsSync('admin-ui/dist/index.html')) {
      const consolePage = await t.app.inject({ method: 'GET', url: '/' });
      assert.equal(consolePage.statusCode, 200);
      assert.match(String(consolePage.headers['content-type']), /^text\/html/);
      assert.doesNotMatch(consolePage.body, /demo-app/);
    }
    const missing = await t.app.inject({ method: 'GET', url: '/demo/no-such-file.js' });
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().code, 'CORE_ERR_ROUTE_NOT_FOUND');
  });

  test('/demo/config.json gives the demo tenant\'s publishable key and nothing else', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/demo/config.json' });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(Object.keys(res.json()), ['publishableKey']);
    assert.equal(res.json().publishableKey, t.config.LOCKSTEP_DEMO_PUBLISHABLE_KEY);
    assert.match(res.json().publishableKey, /^pk_/);
    assert.doesNotMatch(res.body, /sk_|password|secret/i);
    // The key it hands out works for what the storefront does: reading the catalogue.
    const read = await t.app.inject({ method: 'GET', url: PRODUCTS, headers: { authorization: `Bearer ${res.json().publishableKey}` } });
    assert.equal(read.statusCode, 200);
  });

  test('/demo/config.json without a configured key says how to give one (null key, hint)', async () => {
    const bare = await buildTestApp({ LOCKSTEP_DEMO_PUBLISHABLE_KEY: '' });
    try {
      assert.equal(bare.config.LOCKSTEP_DEMO_PUBLISHABLE_KEY, undefined);
      const res = await bare.app.inject({ method: 'GET', url: '/demo/config.json' });
      assert.equal(res.statusCode, 200);
      assert.equal(res.json().publishableKey, null);
      assert.match(res.json().hint, /LOCKSTEP_DEMO_PUBLISHABLE_KEY/);
      assert.match(res.json().hint, /\?key=pk_/);
      // Its seed generated a key, but it is printed once and never handed out here.
      assert.ok(bare.seed.generatedPublishableKey?.startsWith('pk_'));
      assert.ok(!res.body.includes(bare.seed.generatedPublishableKey!));
    } finally {
      await bare.close();
    }
  });

  test('the publishable key reads products (list, search, one) but cannot create, change or delete them', async () => {
    const created = await t.app.inject({ method: 'POST', url: PRODUCTS, headers: owner, payload: { sku: 'demo-cable-1', title: 'Hosa Instrument Cable (10 ft)', price: 12.99, currency: 'EUR', stock: 5 } });
    assert.equal(created.statusCode, 201, created.body);
    const other = await t.app.inject({ method: 'POST', url: PRODUCTS, headers: owner, payload: { sku: 'demo-strings-1', title: 'Ernie Ball Guitar Strings', price: 6.49, currency: 'EUR' } });
    assert.equal(other.statusCode, 201, other.body);
    const id = created.json().id as string;

    const list = await t.app.inject({ method: 'GET', url: `${PRODUCTS}?range=${encodeURIComponent('[0,9]')}`, headers: pk });
    assert.equal(list.statusCode, 200);
    assert.equal(list.headers['content-range'], 'products 0-1/2');
    const search = await t.app.inject({ method: 'GET', url: `${PRODUCTS}?filter=${encodeURIComponent(JSON.stringify({ q: 'cable' }))}`, headers: pk });
    assert.deepEqual(search.json().map((p: { sku: string }) => p.sku), ['demo-cable-1']);
    const one = await t.app.inject({ method: 'GET', url: `${PRODUCTS}/${id}`, headers: pk });
    assert.equal(one.statusCode, 200);
    assert.equal(one.json().price, 12.99);

    const writes = [
      await t.app.inject({ method: 'POST', url: PRODUCTS, headers: pk, payload: { sku: 'pk-made', title: 'Made with pk', price: 1, currency: 'EUR' } }),
      await t.app.inject({ method: 'PUT', url: `${PRODUCTS}/${id}`, headers: pk, payload: { price: 0.01 } }),
      await t.app.inject({ method: 'DELETE', url: `${PRODUCTS}/${id}`, headers: pk }),
      await t.app.inject({ method: 'POST', url: '/api/plugins/catalog/imports', headers: pk, payload: { products: [{ sku: 'pk-import', title: 'Imported with pk', price: 1, currency: 'EUR' }] } }),
      await t.app.inject({ method: 'GET', url: '/api/plugins/catalog/imports', headers: pk }),
    ];
    for (const res of writes) {
      assert.equal(res.statusCode, 403, `${res.statusCode} ${res.body}`);
      assert.equal(res.json().code, 'CORE_ERR_FORBIDDEN');
    }
    const after = await t.app.inject({ method: 'GET', url: `${PRODUCTS}/${id}`, headers: owner });
    assert.equal(after.json().price, 12.99, 'the product is unchanged');
    const count = await t.app.inject({ method: 'GET', url: PRODUCTS, headers: owner });
    assert.equal(count.headers['content-range'], 'products 0-1/2', 'nothing was created');
  });

  test('a publishable key of another tenant does not read the demo tenant\'s products', async () => {
    const tenant = await t.app.inject({ method: 'POST', url: '/api/tenants', headers: owner, payload: { name: 'Other shop', slug: `other-${Date.now()}` } });
    assert.equal(tenant.statusCode, 201, tenant.body);
    const asOther = { ...owner, 'x-lockstep-tenant': tenant.json().id };
    const key = await t.app.inject({ method: 'POST', url: '/api/api-keys', headers: asOther, payload: { name: 'other storefront', kind: 'publishable' } });
    assert.equal(key.statusCode, 201, key.body);
    const res = await t.app.inject({ method: 'GET', url: PRODUCTS, headers: { authorization: `Bearer ${key.json().key}` } });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), []);
  });
});
