import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildAbility, canAccessResource } from '../../auth/ability';

const tenant = { tenantId: 'ten_1' };

test('events follow read Event; people follow the identity plugin\'s Person rules; merge rules follow Plugin', () => {
  const analyst = buildAbility([{ action: 'read', subject: 'Event', conditions: tenant }, { action: 'read', subject: 'Person', conditions: tenant }, { action: 'read', subject: 'Plugin' }]);
  const compliance = buildAbility([{ action: 'read', subject: 'Event', conditions: tenant }, { action: 'read', subject: 'Person', conditions: tenant }]);
  const developer = buildAbility([{ action: ['read', 'update', 'toggle'], subject: 'Plugin' }]);
  assert.equal(canAccessResource(analyst, 'list', 'events', false), true);
  assert.equal(canAccessResource(analyst, 'show', 'identity/persons', false), true);
  assert.equal(canAccessResource(analyst, 'list', 'identity/settings', false), true);
  assert.equal(canAccessResource(compliance, 'list', 'identity/settings', false), false);
  assert.equal(canAccessResource(compliance, 'list', 'identity/persons', false), true);
  assert.equal(canAccessResource(developer, 'list', 'events', false), false);
  assert.equal(canAccessResource(developer, 'list', 'identity/persons', false), false);
  assert.equal(canAccessResource(developer, 'list', 'identity/settings', false), true);
});
