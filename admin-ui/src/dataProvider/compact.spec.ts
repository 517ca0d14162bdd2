import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compact } from './compact';

test('drops null and undefined, keeps falsy values', () => {
  assert.deepEqual(compact({ a: null, b: undefined, c: 0, d: '', e: false, f: [] }), { c: 0, d: '', e: false, f: [] });
});
