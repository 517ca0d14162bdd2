import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addBlocked, DEFAULT_RULES, movePriority, rulesFrom, validateRules } from './rules';

test('settings fill in over the defaults; a priority missing kinds gets them appended', () => {
  const rules = rulesFrom({ maxAnonymousIdsPerPerson: 3, identifierPriority: ['anonymous_id', 'user_id'] });
  assert.equal(rules.maxAnonymousIdsPerPerson, 3);
  assert.equal(rules.maxDeviceIdsPerPerson, 50);
  assert.deepEqual(rules.identifierPriority, ['anonymous_id', 'user_id', 'email_hash', 'external', 'device_id']);
  assert.deepEqual(rulesFrom(undefined), DEFAULT_RULES);
  assert.notEqual(rulesFrom(undefined).blockedValues, DEFAULT_RULES.blockedValues, 'a copy, never the defaults themselves');
});

test('blocked values are kept once, case-insensitively', () => {
  assert.deepEqual(addBlocked(['guest'], ' GUEST '), ['guest']);
  assert.deepEqual(addBlocked(['guest'], 'demo'), ['guest', 'demo']);
});

test('priority entries move one place, not past the ends', () => {
  assert.deepEqual(movePriority(['a', 'b', 'c'], 2, -1), ['a', 'c', 'b']);
  assert.deepEqual(movePriority(['a', 'b', 'c'], 0, -1), ['a', 'b', 'c']);
  assert.deepEqual(movePriority(['a', 'b', 'c'], 2, 1), ['a', 'b', 'c']);
});

test('limits must be positive integers', () => {
  assert.deepEqual(validateRules(DEFAULT_RULES), {});
  assert.deepEqual(validateRules({ ...DEFAULT_RULES, maxAnonymousIdsPerPerson: 0, maxDeviceIdsPerPerson: 2.5 }), { maxAnonymousIdsPerPerson: 'positive_integer', maxDeviceIdsPerPerson: 'positive_integer' });
});
