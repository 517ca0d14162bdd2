import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseProducts } from './parseProducts';

test('accepts a non-empty array of objects', () => {
  assert.deepEqual(parseProducts('[{"sku":"A","title":"a","price":1,"currency":"EUR"}]'), [
    { sku: 'A', title: 'a', price: 1, currency: 'EUR' },
  ]);
});

test('names the problem with a translation key', () => {
  assert.equal(parseProducts('{nope'), 'lockstep.validation.json');
  assert.equal(parseProducts('[]'), 'lockstep.validation.products');
  assert.equal(parseProducts('[1, 2]'), 'lockstep.validation.products');
  assert.equal(parseProducts('{"sku":"A"}'), 'lockstep.validation.products');
});
