import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cardBrand } from './card-brands.ts';
import { luhnValid } from './luhn.ts';
import { found } from './spec-helpers.ts';

test('Luhn checksum', () => {
  assert.equal(luhnValid('4111111111111111'), true);
  assert.equal(luhnValid('4111111111111112'), false);
  assert.equal(luhnValid('79927398713'), true);
  assert.equal(luhnValid('12a4'), false);
});

test('IIN ranges with the lengths each scheme issues', () => {
  assert.equal(cardBrand('4111111111111111'), 'visa');
  assert.equal(cardBrand('5555555555554444'), 'mastercard');
  assert.equal(cardBrand('2223003122003222'), 'mastercard');
  assert.equal(cardBrand('378282246310005'), 'amex');
  assert.equal(cardBrand('6011111111111117'), 'discover');
  assert.equal(cardBrand('3530111333300000'), 'jcb');
  assert.equal(cardBrand('30569309025904'), 'diners');
  assert.equal(cardBrand('37828224631000'), null, 'amex is 15 digits, not 14');
  assert.equal(cardBrand('9111111111111111'), null);
});

test('finds grouped and compact card numbers of the major schemes', () => {
  const text = 'Visa 4111 1111 1111 1111, MC 5555-5555-5555-4444, Amex 3782 822463 10005 and 6011111111111117.';
  assert.deepEqual(found(text, 'CREDIT_CARD'), ['4111 1111 1111 1111', '5555-5555-5555-4444', '3782 822463 10005', '6011111111111117']);
});

test('rejects Luhn-invalid numbers, odd grouping, unknown ranges and order numbers', () => {
  assert.deepEqual(found('card 4111 1111 1111 1112', 'CREDIT_CARD'), []);
  assert.deepEqual(found('4 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1', 'CREDIT_CARD'), []);
  assert.deepEqual(found('ref 9111111111111111', 'CREDIT_CARD'), []);
  assert.deepEqual(found('order 4111111111111111 shipped', 'CREDIT_CARD'), []);
  assert.deepEqual(found('41111111111111110000', 'CREDIT_CARD'), [], 'part of a longer number');
});
