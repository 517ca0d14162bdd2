import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ibanChecksumValid, IBAN_LENGTHS } from './iban-countries.ts';
import { found } from './spec-helpers.ts';

test('MOD 97-10 and registry lengths', () => {
  assert.equal(ibanChecksumValid('DE89370400440532013000'), true);
  assert.equal(ibanChecksumValid('DE89370400440532013001'), false);
  assert.equal(IBAN_LENGTHS.NO, 15);
  assert.equal(IBAN_LENGTHS.MT, 31);
});

test('finds compact, printed and lowercase IBANs of several countries', () => {
  const text = 'Pay DE89 3704 0044 0532 0130 00 or GB82WEST12345698765432; NL91ABNA0417164300, fr1420041010050500013m02606.';
  assert.deepEqual(found(text, 'IBAN'), ['DE89 3704 0044 0532 0130 00', 'GB82WEST12345698765432', 'NL91ABNA0417164300', 'fr1420041010050500013m02606']);
  assert.deepEqual(found('BE68 5390 0754 7034 thanks', 'IBAN'), ['BE68 5390 0754 7034']);
});

test('rejects bad checksums, wrong lengths and unknown countries', () => {
  assert.deepEqual(found('DE89370400440532013001', 'IBAN'), [], 'checksum');
  assert.deepEqual(found('DE8937040044053201300', 'IBAN'), [], 'one character short');
  assert.deepEqual(found('DE893704004405320130001', 'IBAN'), [], 'one character long');
  assert.deepEqual(found('ZZ89370400440532013000', 'IBAN'), [], 'no such country');
});
