import assert from 'node:assert/strict';
import { test } from 'node:test';
import { found } from './spec-helpers.ts';

test('finds international numbers of any country, validated by their numbering plan', () => {
  assert.deepEqual(found('Call +44 20 7946 0958 or +1 (415) 555-2671', 'PHONE'), ['+44 20 7946 0958', '+1 (415) 555-2671']);
  assert.deepEqual(found('Büro: +49 30 901820, Paris 0033 1 42 68 53 00', 'PHONE'), ['+49 30 901820', '0033 1 42 68 53 00']);
  assert.deepEqual(found('Desk: +41 (0)44 668 18 00', 'PHONE'), ['+41 (0)44 668 18 00']);
});

test('finds national numbers of the configured regions', () => {
  assert.deepEqual(found('call me on (415) 555-2671 after 5', 'PHONE'), ['(415) 555-2671']);
  assert.deepEqual(found('Tel. 030 12345678', 'PHONE'), ['030 12345678']);
  assert.deepEqual(found('mobile 07700 063 966', 'PHONE'), ['07700 063 966']);
  // A Belgian mobile is valid only when Belgium is one of the tenant's regions.
  assert.deepEqual(found('They are not answering at 0490 39 07 81', 'PHONE', { phoneRegions: ['US'] }), []);
  assert.deepEqual(found('They are not answering at 0490 39 07 81', 'PHONE', { phoneRegions: ['BE'] }), ['0490 39 07 81']);
  // After a phone cue a number of the right length counts even outside the regions (weaker score).
  assert.deepEqual(found('reach me at 0490 39 07 81', 'PHONE', { phoneRegions: ['US'] }), ['0490 39 07 81']);
});

test('drops a trailing number that is not part of the phone number', () => {
  assert.deepEqual(found('phone 415-555-2671 2 times', 'PHONE'), ['415-555-2671']);
});

test('skips dates, times, SSNs, order numbers and invalid ranges', () => {
  assert.deepEqual(found('On 2007-01-17 23:08:55 we shipped', 'PHONE'), []);
  assert.deepEqual(found('born 17/01/2007', 'PHONE'), []);
  assert.deepEqual(found('SSN 123-45-6789', 'PHONE'), []);
  assert.deepEqual(found('order #4155552671 is late', 'PHONE'), []);
  assert.deepEqual(found('invoice 415-555-2671', 'PHONE'), []);
  assert.deepEqual(found('+1 123 456 7890', 'PHONE'), [], 'US area codes never start with 1');
  assert.deepEqual(found('we sold 1 234 567 units', 'PHONE'), []);
});
