import assert from 'node:assert/strict';
import { test } from 'node:test';
import { changedLines, checkLine } from './price';
import type { CartLineView, CatalogFacts } from './types';

const line = (over: Partial<CartLineView> = {}): CartLineView => ({ productId: 'p1', variantId: null, quantity: 2, priceSeen: 10, currency: 'EUR', addedBy: 'dev-1', ...over });
const catalog: CatalogFacts = {
  p1: { price: 10, currency: 'EUR', stock: 5 },
  p2: { price: 12.5, currency: 'EUR', stock: 0 },
  p3: null,
  p4: { price: 10, currency: 'USD', stock: 1 },
};

test('the same price (to the cent) is no warning; a different one is, with the difference', () => {
  assert.equal(checkLine(line(), catalog).state, 'same');
  assert.equal(checkLine(line({ priceSeen: 10.001 }), catalog).state, 'same', 'float noise is not a change');
  const up = checkLine(line({ priceSeen: 9 }), catalog);
  assert.equal(up.state, 'changed');
  assert.equal(up.delta, 1);
  assert.equal(up.current, 10);
  assert.equal(up.currency, 'EUR');
});

test('another currency is a change without a difference', () => {
  const c = checkLine(line({ productId: 'p4' }), catalog);
  assert.equal(c.state, 'changed');
  assert.equal(c.delta, null);
});

test('stock: out of stock, short of the quantity, or fine', () => {
  const out = checkLine(line({ productId: 'p2', priceSeen: 12.5 }), catalog);
  assert.equal(out.outOfStock, true);
  assert.equal(out.short, false);
  const short = checkLine(line({ productId: 'p4', currency: 'USD', quantity: 3 }), catalog);
  assert.equal(short.state, 'same');
  assert.equal(short.short, true);
  assert.equal(checkLine(line(), catalog).outOfStock, false);
});

test('no price seen, no facts, or a product gone from the catalogue', () => {
  assert.equal(checkLine(line({ priceSeen: null, currency: null }), catalog).state, 'unseen');
  assert.equal(checkLine(line({ productId: 'nope' }), catalog).state, 'unknown');
  const gone = checkLine(line({ productId: 'p3' }), catalog);
  assert.equal(gone.state, 'gone');
  assert.equal(gone.outOfStock, true);
});

test('the cart header counts changed lines', () => {
  assert.equal(changedLines([line(), line({ priceSeen: 8 }), line({ productId: 'p4' }), line({ priceSeen: null })], catalog), 2);
});
