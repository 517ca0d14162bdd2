import assert from 'node:assert/strict';
import { test } from 'node:test';
import { recordUrl, resourceUrl, totalFromContentRange } from './paths';

test('core resources live under /api', () => {
  assert.equal(resourceUrl('users'), '/api/users');
  assert.equal(recordUrl('api-keys', 'key_1'), '/api/api-keys/key_1');
});

test('plugin resources live under /api/plugins/<plugin>', () => {
  assert.equal(resourceUrl('catalog/products'), '/api/plugins/catalog/products');
  assert.equal(recordUrl('catalog/imports', 'imp 1'), '/api/plugins/catalog/imports/imp%201');
});

test('job ids keep their queue~id form', () => {
  assert.equal(recordUrl('jobs', 'catalog-import~42'), '/api/jobs/catalog-import~42');
});

test('total comes from Content-Range, else the page length', () => {
  assert.equal(totalFromContentRange('users 0-24/319', 25), 319);
  assert.equal(totalFromContentRange('users 0-0/0', 0), 0);
  assert.equal(totalFromContentRange(null, 7), 7);
  assert.equal(totalFromContentRange('garbage', 3), 3);
});
