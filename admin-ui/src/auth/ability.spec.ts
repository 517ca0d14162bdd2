import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildAbility, canAccessResource, RESOURCE_SUBJECTS } from './ability';

/** Rules as `GET /api/auth/me` sends them (conditions on tenant-scoped subjects). */
const tenant = { tenantId: 'ten_1' };
const analyst = buildAbility([
  { action: 'read', subject: 'Health' },
  { action: 'read', subject: 'Queue' },
  { action: 'read', subject: 'Job', conditions: tenant },
  { action: 'read', subject: 'Plugin' },
]);
const compliance = buildAbility([
  { action: 'read', subject: 'Health' },
  { action: 'read', subject: 'AuditLog', conditions: tenant },
  { action: ['read', 'create', 'update'], subject: 'PrivacyRequest', conditions: tenant },
]);
const tenantOwner = buildAbility([
  { action: 'manage', subject: 'all', conditions: tenant },
  { action: 'manage', subject: 'Plugin' },
]);
const platformOwner = buildAbility([{ action: 'manage', subject: 'all' }]);

describe('canAccessResource', () => {
  test('maps react-admin actions onto CASL actions', () => {
    assert.equal(canAccessResource(analyst, 'list', 'jobs', false), true);
    assert.equal(canAccessResource(analyst, 'show', 'jobs', false), true);
    assert.equal(canAccessResource(analyst, 'edit', 'plugins', false), false);
    assert.equal(canAccessResource(analyst, 'toggle', 'plugins', false), false);
    assert.equal(canAccessResource(analyst, 'retry', 'jobs', false), false);
  });

  test('an analyst has no Users or API keys', () => {
    assert.equal(canAccessResource(analyst, 'list', 'users', false), false);
    assert.equal(canAccessResource(analyst, 'list', 'api-keys', false), false);
  });

  test('a compliance officer reaches none of users, api-keys, plugins, jobs', () => {
    for (const resource of ['users', 'api-keys', 'plugins', 'jobs', 'tenants']) {
      assert.equal(canAccessResource(compliance, 'list', resource, false), false, resource);
    }
  });

  test('tenant-scoped rules allow the subject type (the server scopes the records)', () => {
    assert.equal(canAccessResource(tenantOwner, 'create', 'users', false), true);
    assert.equal(canAccessResource(tenantOwner, 'delete', 'api-keys', false), true);
  });

  test('tenants are for platform owners only', () => {
    assert.equal(canAccessResource(tenantOwner, 'list', 'tenants', false), false);
    assert.equal(canAccessResource(platformOwner, 'list', 'tenants', true), true);
  });

  test('plugin resources map to their plugin subjects; unknown resources are denied', () => {
    const merchant = buildAbility([{ action: 'read', subject: 'Product', conditions: tenant }]);
    assert.equal(canAccessResource(merchant, 'list', 'catalog/products', false), true);
    assert.equal(canAccessResource(merchant, 'list', 'catalog/channels', false), false);
    assert.equal(canAccessResource(platformOwner, 'list', 'no-such-resource', true), false);
    assert.equal(RESOURCE_SUBJECTS['catalog/imports'], 'CatalogImport');
  });
});
