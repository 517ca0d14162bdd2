import assert from 'node:assert/strict';
import { test } from 'node:test';
import { found } from './spec-helpers.ts';

test('English street lines with unit, city, state and ZIP', () => {
  assert.deepEqual(found('Ship to 24 Clarke Avenue, London\nSW1A 1AA, thanks', 'ADDRESS'), ['24 Clarke Avenue, London\nSW1A 1AA']);
  assert.deepEqual(found('1600 Pennsylvania Avenue NW, Washington, DC 20500', 'ADDRESS'), ['1600 Pennsylvania Avenue NW, Washington, DC 20500']);
  assert.deepEqual(found('I live at 221B Baker Street Apt. 4 since May.', 'ADDRESS'), ['221B Baker Street Apt. 4']);
});

test('European street forms: suffix, separate street word and prefix', () => {
  assert.deepEqual(found('Lieferung an Bahnhofstraße 5, 10115 Berlin', 'ADDRESS'), ['Bahnhofstraße 5, 10115 Berlin']);
  assert.deepEqual(found('The bus station is on Vesterskovvej 79', 'ADDRESS'), ['Vesterskovvej 79']);
  assert.deepEqual(found('Címem: Rákóczi út 13.', 'ADDRESS'), ['Rákóczi út 13']);
  assert.deepEqual(found('974 Via Roma 131\n Apt. 425\n Montafia\n Italy 39767', 'ADDRESS'), ['974 Via Roma 131\n Apt. 425\n Montafia\n Italy 39767']);
  assert.deepEqual(found('Proszę wysłać na ul. Zamkowa 33', 'ADDRESS'), ['ul. Zamkowa 33']);
});

test('military, PO boxes, US city-state-ZIP and postcodes', () => {
  assert.deepEqual(found('PSC 6477, Box 2981\nAPO AE 83700', 'ADDRESS'), ['PSC 6477, Box 2981\nAPO AE 83700']);
  assert.deepEqual(found('Send it to P.O. Box 149 please', 'ADDRESS'), ['P.O. Box 149']);
  assert.deepEqual(found('Springfield, IL 62704', 'ADDRESS'), ['Springfield, IL 62704']);
  assert.deepEqual(found('my postcode is EC1A 1BB', 'ADDRESS'), ['EC1A 1BB']);
  assert.deepEqual(found('Ottawa K1A 0B6', 'ADDRESS'), ['K1A 0B6']);
  assert.deepEqual(found('zip code: 94105', 'ADDRESS'), ['94105']);
});

test('no address in numbers and capitalised words that only look like one', () => {
  assert.deepEqual(found('I bought 2 Avenue Q tickets', 'ADDRESS'), []);
  assert.deepEqual(found('The M2 4TB drive and the PS4 1GB model', 'ADDRESS'), []);
  assert.deepEqual(found('String 3 broke after 2 days', 'ADDRESS'), []);
  assert.deepEqual(found('We sold 12345 units in Germany', 'ADDRESS'), [], 'a 5-digit number alone is not a ZIP');
  assert.deepEqual(found('my email address is anna@example.com', 'ADDRESS'), []);
});
