import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildAbility, canAccessResource } from '../../auth/ability';

const tenant = { tenantId: 'ten_1' };

test('live states and the health dashboard follow read SyncState; the merge policy follows SyncSettings', () => {
  const merchant = buildAbility([{ action: 'read', subject: 'SyncState', conditions: tenant }, { action: ['read', 'update'], subject: 'SyncSettings', conditions: tenant }, { action: 'read', subject: 'Plugin' }]);
  const analyst = buildAbility([{ action: 'read', subject: 'SyncState', conditions: tenant }, { action: 'read', subject: 'SyncSettings', conditions: tenant }]);
  const compliance = buildAbility([{ action: 'read', subject: 'Event', conditions: tenant }, { action: 'read', subject: 'Person', conditions: tenant }]);
  for (const resource of ['sync/states', 'sync/health']) {
    assert.equal(canAccessResource(merchant, 'list', resource, false), true, resource);
    assert.equal(canAccessResource(analyst, 'list', resource, false), true, resource);
    assert.equal(canAccessResource(compliance, 'list', resource, false), false, resource);
  }
  assert.equal(canAccessResource(merchant, 'show', 'sync/states', false), true);
  assert.equal(canAccessResource(analyst, 'list', 'sync/settings', false), true, 'analysts read the policy');
  assert.equal(analyst.can('update', 'SyncSettings'), false, 'but the form is read-only for them');
  assert.equal(merchant.can('update', 'SyncSettings'), true);
  assert.equal(canAccessResource(compliance, 'list', 'sync/settings', false), false);
  assert.equal(canAccessResource(merchant, 'edit', 'sync/states', false), false, 'states are read-only');
});
