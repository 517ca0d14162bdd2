import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { buildTestApp, userWithRole, type TestApp } from '../helpers/app.ts';
import { buildApp } from '../../server/src/app.ts';
import { collectionPrefix, discoverPlugins, loadPlugins, type LoadedPlugin } from '../../server/src/core/plugin-loader.ts';

const PLUGINS_DIR = fileURLToPath(new URL('../../plugins/', import.meta.url));
const HOST_FIXTURES = fileURLToPath(new URL('../fixtures/plugins/host/', import.meta.url));

/** The shipped catalog plus the host fixtures (route-bomb, ready-bomb, counter), loaded fresh. */
async function plugins(): Promise<LoadedPlugin[]> {
  return loadPlugins([...(await discoverPlugins(PLUGINS_DIR, ['catalog'])), ...(await discoverPlugins(HOST_FIXTURES, []))]);
}

let t: TestApp;
let owner: Record<string, string>;
let tenantA: string;
let tenantB: string;
let asB: Record<string, string>;
const inject = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, headers: Record<string, string>, payload?: unknown) =>
  t.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });

async function newTenant(slug: string): Promise<string> {
  const res = await inject('POST', '/api/tenants', owner, { name: `Tenant ${slug}`, slug });
  assert.equal(res.statusCode, 201, res.body);
  return res.json().id;
}
const hookCalls = async (tenantId: string) => {
  const docs = await t.app.lockstep.host.contexts.get('counter')!.model('CounterHookCall').find({ tenantId }).lean<{ hook: string }[]>();
  const count = (hook: string) => docs.filter((d) => d.hook === hook).length;
  return { onInstall: count('onInstall'), onEnable: count('onEnable'), onDisable: count('onDisable') };
};

before(async () => {
  const loaded = await plugins();
  assert.deepEqual(loaded.filter((p) => p.status !== 'active').map((p) => p.name), [], 'every plugin loads; failures come later, in the host');
  t = await buildTestApp({}, { plugins: loaded });
  owner = await t.ownerHeaders();
  tenantA = t.seed.demoTenantId;
  tenantB = await newTenant('tenant-b');
  asB = { ...owner, 'x-lockstep-tenant': tenantB };
});
after(async () => { await t?.close(); });

test('a plugin whose routes function throws is isolated: 503 on the routes it got in, 404 on the rest', async () => {
  const early = await inject('GET', '/api/plugins/route-bomb/early', owner);
  assert.equal(early.statusCode, 503, early.body);
  assert.equal(early.json().code, 'CORE_ERR_PLUGIN_FAILED');
  assert.match(early.json().message, /route-bomb/);
  const late = await inject('GET', '/api/plugins/route-bomb/late', owner);
  assert.equal(late.statusCode, 404);

  const list = await inject('GET', '/api/plugins', owner);
  assert.equal(list.statusCode, 200);
  const rows = new Map(list.json().map((r: any) => [r.name, r]));
  const bomb = rows.get('route-bomb') as any;
  assert.equal(bomb.status, 'failed');
  assert.equal(bomb.enabled, false);
  assert.match(bomb.error, /route-bomb exploded while registering routes/);
  assert.equal((rows.get('catalog') as any).status, 'active');
  assert.equal((rows.get('counter') as any).status, 'active');

  // A failed plugin cannot be switched on or configured.
  const put = await inject('PUT', '/api/plugins/route-bomb', owner, { enabled: true });
  assert.equal(put.statusCode, 503);
  assert.equal(put.json().code, 'CORE_ERR_PLUGIN_FAILED');
});

test('a plugin whose onReady hook throws is marked failed; its registered routes answer 503', async () => {
  const ping = await inject('GET', '/api/plugins/ready-bomb/ping', owner);
  assert.equal(ping.statusCode, 503, ping.body);
  assert.equal(ping.json().code, 'CORE_ERR_PLUGIN_FAILED');
  const row = (await inject('GET', '/api/plugins/ready-bomb', owner)).json();
  assert.equal(row.status, 'failed');
  assert.match(row.error, /imaginary service/);
});

test('core routes and healthy plugins keep working next to failed plugins', async () => {
  assert.equal((await inject('GET', '/api/users', owner)).statusCode, 200);
  assert.equal((await inject('GET', '/api/tenants', owner)).statusCode, 200);
  const created = await inject('POST', '/api/plugins/catalog/products', owner, { sku: 'HOST-1', title: 'Host test', price: 3, currency: 'EUR' });
  assert.equal(created.statusCode, 201, created.body);
  const list = await inject('GET', '/api/plugins/catalog/products', owner);
  assert.equal(list.statusCode, 200);
  assert.deepEqual(list.json().map((p: any) => p.sku), ['HOST-1']);
});

test('disabling catalog for one tenant: its routes answer 404 CORE_ERR_PLUGIN_DISABLED there only; re-enable works', async () => {
  const off = await inject('PUT', '/api/plugins/catalog', owner, { enabled: false });
  assert.equal(off.statusCode, 200, off.body);
  assert.equal(off.json().enabled, false);

  const inA = await inject('GET', '/api/plugins/catalog/products', owner);
  assert.equal(inA.statusCode, 404);
  assert.equal(inA.json().code, 'CORE_ERR_PLUGIN_DISABLED');
  const writeInA = await inject('POST', '/api/plugins/catalog/products', owner, { sku: 'NOPE', title: 'x', price: 1, currency: 'EUR' });
  assert.equal(writeInA.statusCode, 404);
  assert.equal(writeInA.json().code, 'CORE_ERR_PLUGIN_DISABLED');

  // Tenant B is untouched.
  const inB = await inject('GET', '/api/plugins/catalog/products', asB);
  assert.equal(inB.statusCode, 200, inB.body);
  assert.deepEqual(inB.json(), [], 'tenant B sees none of tenant A\'s products');
  assert.equal((await inject('GET', '/api/plugins/catalog', asB)).json().enabled, true);
  assert.equal((await inject('GET', '/api/plugins/catalog', owner)).json().enabled, false);

  const on = await inject('PUT', '/api/plugins/catalog', owner, { enabled: true });
  assert.equal(on.statusCode, 200);
  assert.equal(on.json().enabled, true);
  const back = await inject('GET', '/api/plugins/catalog/products', owner);
  assert.equal(back.statusCode, 200);
  assert.deepEqual(back.json().map((p: any) => p.sku), ['HOST-1'], 'data survived the disable');
});

test('a plugin off by default answers 404 until enabled; onInstall runs once per tenant, onEnable/onDisable on each switch', async () => {
  const before = await inject('GET', '/api/plugins/counter/ping', owner);
  assert.equal(before.statusCode, 404);
  assert.equal(before.json().code, 'CORE_ERR_PLUGIN_DISABLED');
  assert.deepEqual(await hookCalls(tenantA), { onInstall: 0, onEnable: 0, onDisable: 0 });

  for (const enabled of [true, false, true, true, false, true]) {
    const res = await inject('PUT', '/api/plugins/counter', owner, { enabled });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().enabled, enabled);
  }
  // on, off, on, (on again: no change), off, on
  assert.deepEqual(await hookCalls(tenantA), { onInstall: 1, onEnable: 3, onDisable: 2 });
  assert.equal((await inject('GET', '/api/plugins/counter/ping', owner)).statusCode, 200);

  // Tenant B installs separately; tenant A's counts are unaffected.
  assert.equal((await inject('GET', '/api/plugins/counter/ping', asB)).statusCode, 404);
  assert.equal((await inject('PUT', '/api/plugins/counter', asB, { enabled: true })).statusCode, 200);
  assert.deepEqual(await hookCalls(tenantB), { onInstall: 1, onEnable: 1, onDisable: 0 });
  assert.deepEqual(await hookCalls(tenantA), { onInstall: 1, onEnable: 3, onDisable: 2 });
  assert.equal((await inject('GET', '/api/plugins/counter/ping', asB)).statusCode, 200);
});

test('onInstall runs exactly once when several enable requests race', async () => {
  const tenantC = await newTenant('tenant-race');
  const asC = { ...owner, 'x-lockstep-tenant': tenantC };
  const results = await Promise.all(Array.from({ length: 5 }, () => inject('PUT', '/api/plugins/counter', asC, { enabled: true })));
  assert.deepEqual(results.map((r) => r.statusCode), [200, 200, 200, 200, 200], results.map((r) => r.body).join('\n'));
  assert.equal((await hookCalls(tenantC)).onInstall, 1);
  assert.equal((await inject('GET', '/api/plugins/counter/ping', asC)).statusCode, 200);
});

test('settings are validated against configSchema (400 with details) and defaults apply on read', async () => {
  const fresh = await inject('GET', '/api/plugins/counter', asB);
  assert.deepEqual(fresh.json().settings, { threshold: 7, label: 'counter' });
  assert.deepEqual((await inject('GET', '/api/plugins/catalog', asB)).json().settings, { defaultCurrency: 'EUR', lowStockThreshold: 5 });

  for (const [settings, field] of [
    [{ threshold: -1 }, 'body.settings.threshold'],
    [{ threshold: 'many' }, 'body.settings.threshold'],
    [{ label: '' }, 'body.settings.label'],
  ] as const) {
    const bad = await inject('PUT', '/api/plugins/counter', asB, { settings });
    assert.equal(bad.statusCode, 400, `${JSON.stringify(settings)} → ${bad.body}`);
    const body = bad.json();
    assert.equal(body.code, 'CORE_ERR_VALIDATION');
    assert.ok(Array.isArray(body.details) && body.details.length > 0, bad.body);
    assert.ok(body.details.some((d: any) => d.field === field), `details name ${field}: ${bad.body}`);
  }
  const unknownKey = await inject('PUT', '/api/plugins/counter', asB, { settings: { threshold: 3, surprise: true } });
  assert.equal(unknownKey.statusCode, 400, unknownKey.body);
  const badCurrency = await inject('PUT', '/api/plugins/catalog', asB, { settings: { defaultCurrency: 'euro' } });
  assert.equal(badCurrency.statusCode, 400);
  assert.ok(badCurrency.json().details.some((d: any) => d.field === 'body.settings.defaultCurrency'), badCurrency.body);
  // Nothing was stored by the refused requests.
  assert.deepEqual((await inject('GET', '/api/plugins/counter', asB)).json().settings, { threshold: 7, label: 'counter' });

  const good = await inject('PUT', '/api/plugins/counter', asB, { settings: { threshold: 3 } });
  assert.equal(good.statusCode, 200, good.body);
  assert.deepEqual(good.json().settings, { threshold: 3, label: 'counter' });
  // The plugin reads the same validated, defaulted settings through its context; tenant A keeps the defaults.
  assert.deepEqual((await inject('GET', '/api/plugins/counter/ping', asB)).json().settings, { threshold: 3, label: 'counter' });
  assert.deepEqual((await inject('GET', '/api/plugins/counter/ping', owner)).json().settings, { threshold: 7, label: 'counter' });
});

test('plugin context isolation: a plugin reaches only its own models and queues', () => {
  const { contexts } = t.app.lockstep.host;
  const counter = contexts.get('counter')!;
  const catalog = contexts.get('catalog')!;
  assert.ok(counter.model('CounterHookCall'));
  assert.throws(() => counter.model('Product'), /plugin "counter" has no model "Product"/);
  assert.throws(() => counter.model('User'), /plugin "counter" has no model "User"/, 'core models are not reachable either');
  assert.throws(() => catalog.model('CounterHookCall'), /plugin "catalog" has no model "CounterHookCall"/);
  assert.throws(() => counter.queue('catalog-import'), /does not declare queue "catalog-import"/);
  assert.ok(catalog.queue('catalog-import'));
  assert.throws(() => Object.assign(counter, { model: () => catalog.model('Product') }), TypeError, 'the context is frozen');
  assert.equal(contexts.has('route-bomb'), true, 'a context exists, but the plugin is failed');
});

test('plugin collections carry the plugin prefix, in the model and in the store', async () => {
  const { host, connection } = t.app.lockstep;
  for (const { name, definition } of host.plugins.filter((p) => p.definition).map((p) => ({ name: p.name, definition: p.definition! }))) {
    for (const spec of definition.models ?? []) {
      const model = host.contexts.get(name)?.model(spec.name);
      if (!model) continue;
      assert.ok(model.collection.collectionName.startsWith(collectionPrefix(name)), `${spec.name} → ${model.collection.collectionName}`);
    }
  }
  const names = (await connection.db!.listCollections().toArray()).map((c) => c.name);
  assert.ok(names.includes('catalog_products'), names.join(', '));
  assert.ok(names.includes('counter_hook_calls'), names.join(', '));
  const prefixes = ['core_', 'privacy_', ...host.plugins.map((p) => collectionPrefix(p.name))];
  for (const n of names) assert.ok(prefixes.some((p) => n.startsWith(p)), `collection ${n} belongs to the core, the privacy layer or a plugin`);
});

test('plugin-declared permissions reach the CASL rules of roles (GET /api/auth/me)', async () => {
  const merchant = await userWithRole(t, 'merchant');
  const analyst = await userWithRole(t, 'analyst');
  const rulesOf = async (headers: Record<string, string>) => {
    const me = await inject('GET', '/api/auth/me', headers);
    assert.equal(me.statusCode, 200, me.body);
    return me.json().rules as { action: string | string[]; subject: string | string[]; conditions?: Record<string, unknown> }[];
  };
  const actionsOn = (rules: Awaited<ReturnType<typeof rulesOf>>, subject: string) =>
    rules.filter((r) => [r.subject].flat().includes(subject)).flatMap((r) => [r.action].flat()).sort();

  const m = await rulesOf(merchant.headers);
  assert.deepEqual(actionsOn(m, 'Product'), ['create', 'delete', 'read', 'update']);
  assert.deepEqual(m.find((r) => r.subject === 'Product')!.conditions, { tenantId: tenantA }, 'plugin subjects are tenant-scoped');
  assert.deepEqual(actionsOn(m, 'CatalogImport'), ['create', 'read']);
  assert.deepEqual(actionsOn(m, 'CounterThing'), ['read']);
  assert.deepEqual(actionsOn(m, 'BombThing'), [], 'a failed plugin grants nothing');
  assert.deepEqual(actionsOn(m, 'ReadyBombThing'), []);

  const a = await rulesOf(analyst.headers);
  assert.deepEqual(actionsOn(a, 'Product'), ['read']);
  assert.deepEqual(actionsOn(a, 'CatalogImport'), ['read']);

  // And the routes enforce them: the analyst reads products but cannot create one.
  assert.equal((await inject('GET', '/api/plugins/catalog/products', analyst.headers)).statusCode, 200);
  const denied = await inject('POST', '/api/plugins/catalog/products', analyst.headers, { sku: 'A-1', title: 'x', price: 1, currency: 'EUR' });
  assert.equal(denied.statusCode, 403);
  assert.equal(denied.json().code, 'CORE_ERR_FORBIDDEN');
});

test('a toggle on one API instance reaches another instance at once (bus), not after the cache TTL', async () => {
  const other: FastifyInstance = await buildApp(t.config, { plugins: await plugins(), logger: false, serveConsole: false });
  try {
    await other.ready();
    const get = () => other.inject({ method: 'GET', url: '/api/plugins/catalog/products', headers: asB });
    const warmedAt = Date.now();
    assert.equal((await get()).statusCode, 200, 'instance 2 has cached "enabled" for tenant B');
    const off = await inject('PUT', '/api/plugins/catalog', asB, { enabled: false });
    assert.equal(off.statusCode, 200);
    let res = await get();
    while (res.statusCode === 200 && Date.now() - warmedAt < 5000) {
      await new Promise((r) => setTimeout(r, 25));
      res = await get();
    }
    assert.equal(res.statusCode, 404);
    assert.equal(res.json().code, 'CORE_ERR_PLUGIN_DISABLED');
    assert.ok(Date.now() - warmedAt < 1900, `seen after ${Date.now() - warmedAt} ms: the cache (2 s TTL) was not invalidated over the bus`);
  } finally {
    await inject('PUT', '/api/plugins/catalog', asB, { enabled: true });
    await other.close();
  }
});
