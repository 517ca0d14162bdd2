import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMongoAbility, subject } from '@casl/ability';
import { defineAbilityFor, knownPermissions, type AppAbility, type Principal } from '../../server/src/auth/ability.ts';
import type { PermissionDeclaration } from '../../server/src/core/plugin-contract.ts';
import type { UserRole } from '../../server/src/models/core-models.ts';

/**
 * The one definition of who may do what: each role's abilities, plugin-declared permissions, what publishable
 * and secret keys get, and the tenant condition on every tenant-scoped subject.
 */
const A = 'ten_a';
const B = 'ten_b';
const user = (role: UserRole, platformRole: 'owner' | null = null, tenantId = A): Principal => ({ kind: 'user', userId: `usr_${role}`, tenantId, homeTenantId: tenantId, role, platformRole, sessionId: 'ses_1' });
const key = (keyKind: 'publishable' | 'secret', tenantId = A): Principal => ({ kind: 'apiKey', keyId: `key_${keyKind}`, tenantId, keyKind });

/** A plugin's declaration as the catalog plugin makes it, plus one subject granted to nobody. */
const PLUGIN_PERMISSIONS: PermissionDeclaration[] = [
  { subject: 'Product', actions: ['read', 'create', 'update', 'delete'], grants: { merchant: ['read', 'create', 'update', 'delete'], analyst: ['read'], plugin_developer: ['read'], secret: ['read', 'create'], publishable: ['read'] } },
  { subject: 'Experiment', actions: ['read', 'launch'], grants: { compliance_officer: ['read'] } },
  { subject: 'SecretThing', actions: ['read'] },
];

const CORE_SUBJECTS = ['Event', 'Health', 'Queue', 'Job', 'Plugin', 'PluginLog', 'ApiKey', 'User', 'Tenant', 'AuditLog', 'PrivacyRequest', 'ConsentRecord', 'DataInventory'];
const ACTIONS = ['read', 'create', 'update', 'delete', 'retry', 'toggle', 'launch', 'manage'];
const ALL_SUBJECTS = [...CORE_SUBJECTS, 'Product', 'Experiment', 'SecretThing'];

/** Every subject/action a principal may perform at type level (what route checks ask), as "action Subject". */
function allowed(ability: AppAbility): string[] {
  return ALL_SUBJECTS.flatMap((s) => ACTIONS.filter((a) => a !== 'manage' && ability.can(a, s)).map((a) => `${a} ${s}`)).sort();
}
const set = (...grants: [string | string[], string][]) => grants.flatMap(([a, s]) => [a].flat().map((x) => `${x} ${s}`)).sort();

test('no principal can do nothing', () => {
  const ability = defineAbilityFor(null, PLUGIN_PERMISSIONS);
  assert.deepEqual(allowed(ability), []);
  assert.deepEqual(ability.rules, []);
});

test('each tenant role gets exactly its core grants plus what plugins grant it', () => {
  const expected: Record<Exclude<UserRole, 'owner'>, string[]> = {
    merchant: set(['read', 'Event'], ['read', 'Health'], ['read', 'Queue'], [['read', 'retry'], 'Job'], ['read', 'Plugin'], [['read', 'create', 'delete'], 'ApiKey'], [['read', 'create', 'update', 'delete'], 'Product']),
    analyst: set(['read', 'Event'], ['read', 'Health'], ['read', 'Queue'], ['read', 'Job'], ['read', 'Plugin'], ['read', 'Product']),
    compliance_officer: set(['read', 'Health'], ['read', 'Event'], ['read', 'AuditLog'], [['read', 'create', 'update'], 'PrivacyRequest'], ['read', 'ConsentRecord'], ['read', 'DataInventory'], ['read', 'Experiment']),
    plugin_developer: set(['read', 'Health'], ['read', 'Queue'], [['read', 'retry'], 'Job'], [['read', 'update', 'toggle'], 'Plugin'], ['read', 'PluginLog'], ['read', 'Product']),
  };
  for (const [role, grants] of Object.entries(expected)) {
    assert.deepEqual(allowed(defineAbilityFor(user(role as UserRole), PLUGIN_PERMISSIONS)), grants, role);
  }
});

test('role boundaries that matter: analysts only read, compliance officers see personal data and nothing operational', () => {
  const analyst = defineAbilityFor(user('analyst'), PLUGIN_PERMISSIONS);
  for (const [a, s] of [['retry', 'Job'], ['create', 'ApiKey'], ['update', 'Product'], ['toggle', 'Plugin'], ['read', 'User']]) assert.equal(analyst.can(a, s), false, `analyst ${a} ${s}`);
  const co = defineAbilityFor(user('compliance_officer'), PLUGIN_PERMISSIONS);
  for (const s of ['Job', 'Queue', 'Plugin', 'Product', 'User', 'ApiKey']) assert.equal(co.can('read', s), false, `compliance officer reads ${s}`);
  assert.ok(co.can('read', subject('Event', { tenantId: A })), 'shopper events are personal data');
  assert.equal(co.can('create', 'Event'), false);
  assert.ok(co.can('create', 'PrivacyRequest'));
  const dev = defineAbilityFor(user('plugin_developer'), PLUGIN_PERMISSIONS);
  assert.ok(dev.can('toggle', 'Plugin') && dev.can('read', 'PluginLog'));
  assert.equal(dev.can('read', 'Event'), false);
  assert.equal(defineAbilityFor(user('merchant'), PLUGIN_PERMISSIONS).can('toggle', 'Plugin'), false);
});

test('API keys: publishable keys only send events and read what plugins publish; secret keys add server-to-server grants', () => {
  assert.deepEqual(allowed(defineAbilityFor(key('publishable'), PLUGIN_PERMISSIONS)), set(['create', 'Event'], ['read', 'Product']));
  assert.deepEqual(allowed(defineAbilityFor(key('secret'), PLUGIN_PERMISSIONS)), set(['read', 'Health'], ['create', 'Event'], [['read', 'create'], 'Product']));
  assert.deepEqual(allowed(defineAbilityFor(key('publishable'))), set(['create', 'Event']), 'without plugins');
});

test('tenant-scoped subjects carry the principal\'s tenant: records of another tenant are out of reach', () => {
  const principals = [user('merchant'), user('analyst'), user('plugin_developer'), key('secret'), key('publishable')];
  for (const p of principals) {
    const ability = defineAbilityFor(p, PLUGIN_PERMISSIONS);
    const name = p.kind === 'user' ? p.role : p.keyKind;
    assert.ok(ability.can('read', subject('Product', { tenantId: A })), `${name} reads its own product`);
    assert.equal(ability.can('read', subject('Product', { tenantId: B })), false, `${name} reads tenant B's product`);
    assert.equal(ability.can('read', subject('Product', {})), false, `${name} reads a product without tenant`);
  }
  const merchant = defineAbilityFor(user('merchant'), PLUGIN_PERMISSIONS);
  assert.ok(merchant.can('retry', subject('Job', { tenantId: A })));
  assert.equal(merchant.can('retry', subject('Job', { tenantId: B })), false);
  assert.equal(merchant.can('delete', subject('ApiKey', { tenantId: B })), false);
  // The rules sent to the console (and used by accessibleBy for queries) say so: every scoped rule names the tenant.
  for (const rule of merchant.rules) {
    const subj = String(rule.subject);
    if (['Health', 'Queue', 'Plugin', 'PluginLog', 'DataInventory', 'Tenant'].includes(subj)) assert.equal(rule.conditions, undefined, subj);
    else assert.deepEqual(rule.conditions, { tenantId: A }, subj);
  }
});

test('a tenant owner manages everything in its own tenant, nothing in others', () => {
  const owner = defineAbilityFor(user('owner'), PLUGIN_PERMISSIONS);
  for (const s of ['User', 'ApiKey', 'Event', 'Job', 'Product', 'Experiment', 'SecretThing', 'AuditLog', 'PrivacyRequest']) {
    for (const a of ['read', 'create', 'update', 'delete', 'launch']) {
      assert.ok(owner.can(a, subject(s, { tenantId: A })), `owner ${a} own ${s}`);
      assert.equal(owner.can(a, subject(s, { tenantId: B })), false, `owner ${a} tenant B's ${s}`);
    }
  }
  for (const s of ['Health', 'Queue', 'Plugin', 'PluginLog', 'DataInventory']) assert.ok(owner.can('manage', s), `owner manages ${s}`);
  assert.ok(owner.can('toggle', 'Plugin'));
});

test('a tenant owner cannot create or change tenants, and reads only its own, whatever the action', () => {
  const owner = defineAbilityFor(user('owner'), PLUGIN_PERMISSIONS);
  for (const a of ['create', 'update', 'delete', 'suspend', 'archive', 'manage']) {
    assert.equal(owner.can(a, 'Tenant'), false, `owner ${a} Tenant`);
    assert.equal(owner.can(a, subject('Tenant', { _id: B })), false, `owner ${a} tenant B`);
  }
  assert.equal(owner.can('update', subject('Tenant', { _id: A })), false, 'not even its own');
  assert.ok(owner.can('read', subject('Tenant', { _id: A })));
  assert.equal(owner.can('read', subject('Tenant', { _id: B })), false);
});

test('the platform owner can do anything in any tenant; platform rank comes only from platformRole', () => {
  const po = defineAbilityFor(user('owner', 'owner'), PLUGIN_PERMISSIONS);
  for (const s of [...ALL_SUBJECTS]) for (const a of ['read', 'create', 'delete', 'suspend']) assert.ok(po.can(a, subject(s, { tenantId: B, _id: B })), `${a} ${s}`);
  // A merchant flagged platform owner is a platform owner; an API key never is.
  assert.ok(defineAbilityFor(user('merchant', 'owner')).can('create', 'Tenant'));
  assert.equal(defineAbilityFor(key('secret')).can('create', 'Tenant'), false);
});

test('plugin permissions: grants go only to the named grantees; undeclared grantees and subjects get nothing', () => {
  for (const p of [user('merchant'), user('analyst'), user('compliance_officer'), user('plugin_developer'), key('secret'), key('publishable')]) {
    const ability = defineAbilityFor(p, PLUGIN_PERMISSIONS);
    assert.equal(ability.can('read', 'SecretThing'), false);
    assert.equal(ability.can('launch', 'Experiment'), false);
  }
  // Without the plugin loaded, its subject is unknown to everyone but owners.
  assert.equal(defineAbilityFor(user('merchant')).can('read', 'Product'), false);
  assert.ok(defineAbilityFor(user('owner')).can('read', subject('Product', { tenantId: A })));
});

test('the rules round-trip through JSON into the console\'s ability with the same answers', () => {
  for (const p of [user('owner'), user('merchant'), user('analyst'), user('compliance_officer'), user('plugin_developer'), key('publishable'), key('secret'), user('analyst', 'owner')]) {
    const server = defineAbilityFor(p, PLUGIN_PERMISSIONS);
    const console = createMongoAbility(JSON.parse(JSON.stringify(server.rules)));
    assert.deepEqual(allowed(console), allowed(server));
    for (const s of ['Product', 'Job', 'Tenant']) {
      for (const t of [A, B]) assert.equal(console.can('read', subject(s, { tenantId: t, _id: t })), server.can('read', subject(s, { tenantId: t, _id: t })), `${s} in ${t}`);
    }
  }
});

test('knownPermissions lists every core and plugin subject with its actions, sorted and unique', () => {
  const known = new Map(knownPermissions(PLUGIN_PERMISSIONS).map((k) => [k.subject, k.actions]));
  assert.deepEqual(known.get('Job'), ['read', 'retry']);
  assert.deepEqual(known.get('Plugin'), ['read', 'toggle', 'update']);
  assert.deepEqual(known.get('ApiKey'), ['create', 'delete', 'read']);
  assert.deepEqual(known.get('Event'), ['create', 'read']);
  assert.deepEqual(known.get('Product'), ['create', 'delete', 'read', 'update']);
  assert.deepEqual(known.get('SecretThing'), ['read']);
  assert.deepEqual(known.get('Experiment'), ['launch', 'read']);
  assert.equal(known.has('Tenant'), false, 'tenant management is the platform owner\'s, not a grantable permission');
});
