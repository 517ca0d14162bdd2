import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pluginState } from './pluginState';

test('a failed plugin reads failed whatever its switch', () => {
  assert.equal(pluginState({ status: 'failed', enabled: true }), 'failed');
});

test('an active plugin reads active or disabled from its per-tenant switch', () => {
  assert.equal(pluginState({ status: 'active', enabled: true }), 'active');
  assert.equal(pluginState({ status: 'active', enabled: false }), 'disabled');
});
