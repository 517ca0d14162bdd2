import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_SYNC_SETTINGS, serverErrors, settingsFrom, validateSettings } from './settingsForm';

test('stored settings fill in over the defaults; unknown fields are kept; an unknown policy falls back to merge', () => {
  const s = settingsFrom({ maxOpsPerSecond: 10, extra: 'x' });
  assert.equal(s.maxOpsPerSecond, 10);
  assert.equal(s.opLogRetention, 1000);
  assert.equal(s.anonymousCartPolicy, 'merge');
  assert.equal(s.extra, 'x');
  assert.equal(settingsFrom({ anonymousCartPolicy: 'replace' }).anonymousCartPolicy, 'replace');
  assert.equal(settingsFrom({ anonymousCartPolicy: 'bogus' }).anonymousCartPolicy, 'merge');
  assert.deepEqual(settingsFrom(undefined), DEFAULT_SYNC_SETTINGS);
});

test('limits are whole numbers within the schema bounds', () => {
  assert.deepEqual(validateSettings(DEFAULT_SYNC_SETTINGS), {});
  const errors = validateSettings({ ...DEFAULT_SYNC_SETTINGS, opLogRetention: 49, maxOpsPerSecond: 2.5, tokenTtlMinutes: Number.NaN });
  assert.deepEqual(Object.keys(errors).sort(), ['maxOpsPerSecond', 'opLogRetention', 'tokenTtlMinutes']);
  assert.deepEqual(errors.opLogRetention, { min: 50, max: 10_000 });
  assert.deepEqual(validateSettings({ ...DEFAULT_SYNC_SETTINGS, tokenTtlMinutes: 43_200, opLogRetention: 10_000, maxOpsPerSecond: 1 }), {});
});

test('a refused save maps the core\'s details onto the form fields', () => {
  const error = Object.assign(new Error('The request is invalid: body.settings.opLogRetention must be <= 10000'), {
    status: 400,
    body: {
      statusCode: 400, code: 'CORE_ERR_VALIDATION', message: 'The request is invalid: body.settings.opLogRetention must be <= 10000',
      details: [
        { field: 'body.settings.opLogRetention', message: 'must be <= 10000' },
        { field: 'body.settings.opLogRetention', message: 'must be integer' },
        { field: 'body.settings', message: 'must not have additional properties' },
        { field: 'query.x', message: 'ignored' },
      ],
    },
  });
  const e = serverErrors(error);
  assert.equal(e.code, 'CORE_ERR_VALIDATION');
  assert.match(e.message, /opLogRetention/);
  assert.deepEqual(e.fields, { opLogRetention: 'must be <= 10000; must be integer', '': 'must not have additional properties' });
});

test('an error without a body still gives its message', () => {
  assert.deepEqual(serverErrors(new Error('Failed to fetch')), { message: 'Failed to fetch', code: null, fields: {} });
  assert.equal(serverErrors(null).message, 'null');
});
