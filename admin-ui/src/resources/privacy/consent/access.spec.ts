import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildAbility, canAccessResource } from '../../../auth/ability';

const tenant = { tenantId: 'ten_1' };

test('the consent dashboard follows read ConsentRecord: compliance officers see it, merchants do not', () => {
  const compliance = buildAbility([{ action: 'read', subject: 'ConsentRecord', conditions: tenant }, { action: ['read', 'publish'], subject: 'ConsentPurpose', conditions: tenant }]);
  const merchant = buildAbility([{ action: 'read', subject: 'ConsentPurpose', conditions: tenant }, { action: 'read', subject: 'Event', conditions: tenant }]);
  assert.equal(canAccessResource(compliance, 'list', 'privacy/consent', false), true);
  assert.equal(canAccessResource(merchant, 'list', 'privacy/consent', false), false);
  assert.equal(compliance.can('publish', 'ConsentPurpose'), true, 'the publish form shows');
  assert.equal(merchant.can('publish', 'ConsentPurpose'), false);
});
