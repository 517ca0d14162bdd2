import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { discoverPlugins, loadPlugins, type LoadedPlugin } from '../../server/src/core/plugin-loader.ts';
import { CORE_VERSION } from '../../server/src/core/version.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/plugins/', import.meta.url));

async function load(fixtureCase: string): Promise<{ plugins: LoadedPlugin[]; byName: (name: string) => LoadedPlugin }> {
  const sources = await discoverPlugins(`${FIXTURES}${fixtureCase}`, []);
  assert.ok(sources.length > 0, `fixture case ${fixtureCase} has plugins`);
  const plugins = await loadPlugins(sources);
  const byName = (name: string) => {
    const found = plugins.filter((p) => p.name === name);
    assert.equal(found.length, 1, `exactly one loaded entry named ${name} (got ${found.length})`);
    return found[0];
  };
  return { plugins, byName };
}

const failed = (p: LoadedPlugin) => {
  assert.equal(p.status, 'failed', `${p.name} should have failed`);
  assert.ok(p.error && p.error.length > 0, `${p.name} carries an error`);
  return p.error!;
};
const active = (p: LoadedPlugin) => {
  assert.equal(p.status, 'active', `${p.name} should be active, error: ${p.error}`);
  assert.equal(p.error, undefined);
  assert.ok(p.definition);
};

test('discoverPlugins lists every folder with an index.ts, sorted, as file URLs', async () => {
  const sources = await discoverPlugins(`${FIXTURES}ordering`, []);
  assert.deepEqual(sources.map((s) => s.name), ['aaa-dependent', 'mmm-middle', 'zzz-base']);
  for (const s of sources) assert.match(s.source, /^file:\/\/.*\/ordering\/[a-z-]+\/index\.ts$/);
  // A missing folder finds nothing rather than throwing; an explicit list is taken as given.
  assert.deepEqual(await discoverPlugins(`${FIXTURES}no-such-case`, []), []);
  const named = await discoverPlugins(`${FIXTURES}ordering`, ['zzz-base', 'npm:@acme/lockstep-plugin']);
  assert.equal(named[0].name, 'zzz-base');
  assert.match(named[0].source, /ordering\/zzz-base\/index\.ts$/);
  assert.deepEqual(named[1], { name: '@acme/lockstep-plugin', source: '@acme/lockstep-plugin' });
});

test('duplicate names: every copy fails and the error names both sources; other plugins load', async () => {
  const { plugins, byName } = await load('duplicate');
  const twins = plugins.filter((p) => p.name === 'twin');
  assert.equal(twins.length, 2);
  for (const t of twins) {
    const error = failed(t);
    assert.match(error, /plugin "twin" is defined more than once/);
    assert.ok(error.includes('/duplicate/twin-a/index.ts'), error);
    assert.ok(error.includes('/duplicate/twin-b/index.ts'), error);
  }
  active(byName('loner'));
});

test('missing dependency: the error names the plugin and the dependency', async () => {
  const { byName } = await load('missing-dep');
  const error = failed(byName('needs-ghost'));
  assert.match(error, /plugin "needs-ghost"/);
  assert.match(error, /missing dependency "ghost"/);
});

test('dependency on a failed plugin fails too, transitively, naming the failed dependency', async () => {
  const { byName } = await load('failed-dep');
  assert.match(failed(byName('broken-base')), /plugin "broken-base": version "one" is not a semver version/);
  const onBroken = failed(byName('on-broken'));
  assert.match(onBroken, /plugin "on-broken": dependency "broken-base" failed to load/);
  assert.match(failed(byName('on-on-broken')), /plugin "on-on-broken": dependency "on-broken" failed to load/);
});

test('circular dependency: the cycle is named, members fail, an unrelated plugin stays active', async () => {
  const { byName } = await load('circular');
  const a = failed(byName('cycle-a'));
  const b = failed(byName('cycle-b'));
  // Whichever member is reached first reports the whole cycle; the other names the member it depends on.
  const both = `${a} | ${b}`;
  assert.match(both, /circular dependency (cycle-a → cycle-b → cycle-a|cycle-b → cycle-a → cycle-b)/);
  assert.match(a, /cycle-b/);
  assert.match(b, /cycle-a/);
  assert.match(failed(byName('self-loop')), /plugin "self-loop": circular dependency self-loop → self-loop/);
  active(byName('bystander'));
});

test('coreCompatibility mismatch: the error gives the needed range and the running core version', async () => {
  const { byName } = await load('core-mismatch');
  const error = failed(byName('from-the-future'));
  assert.match(error, /plugin "from-the-future"/);
  assert.ok(error.includes('^2.0.0'), error);
  assert.ok(error.includes(CORE_VERSION), error);
  // The same plugin loads against a core that satisfies its range.
  const sources = await discoverPlugins(`${FIXTURES}core-mismatch`, []);
  const [later] = await loadPlugins(sources, '2.3.0');
  active(later);
});

test('a model field without a pii declaration fails the plugin, naming plugin, model and field', async () => {
  const { byName } = await load('pii-missing');
  const error = failed(byName('leaky'));
  assert.match(error, /plugin "leaky"/);
  assert.match(error, /LeakyContact/);
  assert.match(error, /"phone"/);
  assert.doesNotMatch(error, /"label"/, 'the declared field is not blamed');
});

test('a collection without the plugin prefix fails the plugin', async () => {
  const { byName } = await load('bad-collection');
  const error = failed(byName('bad-coll'));
  assert.match(error, /plugin "bad-coll": model BadCollThing collection "things" must start with "bad_coll_"/);
});

test('queue names: a ":" or a foreign prefix fails the plugin; a well-named queue loads', async () => {
  const { byName } = await load('bad-queue');
  const colon = failed(byName('colon-queue'));
  assert.match(colon, /queue "colon-queue:tick" must not contain ':'/);
  const foreign = failed(byName('foreign-queue'));
  assert.match(foreign, /queue "catalog-import" must start with "foreign-queue-"/);
  active(byName('good-queue'));
});

test('a plugin whose module throws on import is isolated: failed with the reason, the others active', async () => {
  const { plugins, byName } = await load('import-throws');
  const error = failed(byName('exploder'));
  assert.match(error, /plugin "exploder" threw while loading: .*JSON/);
  assert.match(failed(byName('no-export')), /does not export a plugin definition/);
  active(byName('sane'));
  assert.equal(plugins.length, 3);
});

test('dependencies are ordered before their dependents', async () => {
  const { plugins } = await load('ordering');
  for (const p of plugins) active(p);
  const order = plugins.map((p) => p.name);
  assert.deepEqual(order, ['zzz-base', 'mmm-middle', 'aaa-dependent']);
});

test('a grant naming an undeclared action fails the plugin, naming grantee, subject and action', async () => {
  const { byName } = await load('bad-grant');
  const error = failed(byName('overgrant'));
  assert.match(error, /plugin "overgrant": grant to analyst on Widget names undeclared action\(s\) launch/);
  assert.doesNotMatch(error, /merchant/);
});

test('a model name declared by two plugins fails the second, naming both', async () => {
  const { byName } = await load('shared-model');
  active(byName('first-owner'));
  const error = failed(byName('second-owner'));
  assert.match(error, /plugin "second-owner": model SharedThing is already declared by plugin "first-owner"/);
});

test('the shipped catalog plugin loads cleanly', async () => {
  const sources = await discoverPlugins(fileURLToPath(new URL('../../plugins/', import.meta.url)), []);
  const plugins = await loadPlugins(sources);
  const catalog = plugins.find((p) => p.name === 'catalog');
  assert.ok(catalog);
  active(catalog);
});
