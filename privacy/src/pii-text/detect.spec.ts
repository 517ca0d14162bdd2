import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppError } from '../../../server/src/errors/app-error.ts';
import { detect } from './detect.ts';
import { resolveOverlaps } from './overlap.ts';
import type { PiiSpan } from './types.ts';

const SUPPORT_MESSAGE = [
  'Hello, my name is Anna Kowalski.',
  'My card 4111 1111 1111 1111 was charged twice; refund to IBAN DE89 3704 0044 0532 0130 00 please.',
  'Reach me at anna.k@example.com or +48 22 123 45 67. I logged in from 203.0.113.42.',
  'Ship the replacement to 24 Clarke Avenue, London\nSW1A 1AA',
].join('\n');

test('finds every entity of a realistic support message, sorted and without overlaps', () => {
  const spans = detect(SUPPORT_MESSAGE);
  const got = spans.map((s) => [s.type, SUPPORT_MESSAGE.slice(s.start, s.end)]);
  assert.deepEqual(got, [
    ['PERSON', 'Anna Kowalski'],
    ['CREDIT_CARD', '4111 1111 1111 1111'],
    ['IBAN', 'DE89 3704 0044 0532 0130 00'],
    ['EMAIL', 'anna.k@example.com'],
    ['PHONE', '+48 22 123 45 67'],
    ['IP_ADDRESS', '203.0.113.42'],
    ['ADDRESS', '24 Clarke Avenue, London\nSW1A 1AA'],
  ]);
  for (const s of spans) {
    assert.ok(s.score >= 0.5 && s.score <= 1, `${s.type} score ${s.score}`);
    assert.ok(s.detector.length > 0);
  }
});

test('types and minScore narrow the result', () => {
  assert.deepEqual(detect(SUPPORT_MESSAGE, { types: ['EMAIL'] }).map((s) => s.type), ['EMAIL']);
  const strict = detect(SUPPORT_MESSAGE, { minScore: 0.9 });
  assert.ok(strict.every((s) => s.score >= 0.9));
  assert.ok(strict.length < detect(SUPPORT_MESSAGE).length);
  assert.deepEqual(detect(''), []);
});

test('a card number is not also reported as a phone number', () => {
  const spans = detect('card 4111111111111111');
  assert.deepEqual(spans.map((s) => s.type), ['CREDIT_CARD']);
});

test('bad input answers with PRIVACY_ERR_PII_INVALID_OPTIONS', () => {
  const bad: [unknown, unknown, RegExp][] = [
    [42, undefined, /text must be a string/],
    ['x', { types: ['SSN'] }, /types/],
    ['x', { minScore: 2 }, /minScore/],
    ['x', { phoneRegions: ['XX'] }, /XX/],
    ['x', { phoneRegions: ['de'] }, /phoneRegions/],
    ['x', { colour: 'red' }, /options|colour/],
  ];
  for (const [text, opts, message] of bad) {
    assert.throws(() => detect(text as string, opts as never), (err: unknown) => {
      assert.ok(err instanceof AppError);
      assert.equal(err.code, 'PRIVACY_ERR_PII_INVALID_OPTIONS');
      assert.equal(err.statusCode, 400);
      assert.match(err.message, message);
      return true;
    });
  }
});

test('overlap resolution: same type merges, containment and score decide across types', () => {
  const s = (start: number, end: number, type: PiiSpan['type'], score: number): PiiSpan => ({ start, end, type, score, detector: 't' });
  assert.deepEqual(resolveOverlaps([s(0, 5, 'PERSON', 0.6), s(3, 9, 'PERSON', 0.8)]), [{ ...s(0, 9, 'PERSON', 0.8) }]);
  // A slightly better-scored word inside a longer address is explained by the address.
  assert.deepEqual(resolveOverlaps([s(10, 13, 'PERSON', 0.85), s(0, 20, 'ADDRESS', 0.8)]).map((x) => x.type), ['ADDRESS']);
  // Partial overlap: the higher score wins; disjoint spans both stay, sorted by start.
  assert.deepEqual(resolveOverlaps([s(0, 10, 'PHONE', 0.6), s(5, 20, 'CREDIT_CARD', 0.95), s(30, 35, 'EMAIL', 0.9)]).map((x) => x.type), ['CREDIT_CARD', 'EMAIL']);
});
