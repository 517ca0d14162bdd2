import assert from 'node:assert/strict';
import { test } from 'node:test';
import { found } from './spec-helpers.ts';

test('finds plain, dotted, tagged and sub-domain addresses', () => {
  assert.deepEqual(found('Write to anna.kowalski@example.com please', 'EMAIL'), ['anna.kowalski@example.com']);
  assert.deepEqual(found('cc: j_smith+orders@mail.shop.co.uk, SilviaKrenova@fleckens.hu.', 'EMAIL'), ['j_smith+orders@mail.shop.co.uk', 'SilviaKrenova@fleckens.hu']);
  assert.deepEqual(found('<bob@x.io>', 'EMAIL'), ['bob@x.io']);
});

test('ignores handles, broken addresses and trailing punctuation', () => {
  assert.deepEqual(found('follow @lockstep on social', 'EMAIL'), []);
  assert.deepEqual(found('a..b@example.com and c.@example.com', 'EMAIL'), []);
  assert.deepEqual(found('user@localhost has no TLD', 'EMAIL'), []);
  assert.deepEqual(found('mail me at a@b.com.', 'EMAIL'), ['a@b.com']);
});
