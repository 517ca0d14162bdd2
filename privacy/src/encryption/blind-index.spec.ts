import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BlindIndexer, NORMALIZERS } from './blind-index.ts';
import { freshKeys } from './spec-helpers.ts';

test('email normalisation: case and surrounding spaces do not change the index', async () => {
  const { keys } = await freshKeys();
  const bi = new BlindIndexer(keys);
  const spec = { normalize: 'email' as const };
  const a = await bi.compute('ten_a', 'crm_contacts', 'email', 'Ada@Example.com ', spec);
  assert.equal(await bi.compute('ten_a', 'crm_contacts', 'email', '  ada@example.COM', spec), a);
  assert.notEqual(await bi.compute('ten_a', 'crm_contacts', 'email', 'ada2@example.com', spec), a);
  assert.equal(NORMALIZERS.phone('+44 20 7946-0000'), '+442079460000');
});

test('keyed and domain-separated: other tenant, collection or field gives another index; length follows bytes', async () => {
  const { keys } = await freshKeys();
  const bi = new BlindIndexer(keys);
  const base = await bi.compute('ten_a', 'crm_contacts', 'email', 'ada@example.com');
  assert.equal(Buffer.from(base, 'base64url').length, 16);
  assert.notEqual(await bi.compute('ten_b', 'crm_contacts', 'email', 'ada@example.com'), base);
  assert.notEqual(await bi.compute('ten_a', 'shop_orders', 'email', 'ada@example.com'), base);
  assert.notEqual(await bi.compute('ten_a', 'crm_contacts', 'backupEmail', 'ada@example.com'), base);
  const short = await bi.compute('ten_a', 'crm_contacts', 'email', 'ada@example.com', { bytes: 4 });
  assert.equal(Buffer.from(short, 'base64url').length, 4);
  // A different keyring (another deployment) gives unrelated indexes: the index is not a plain hash.
  const other = await freshKeys();
  assert.notEqual(await new BlindIndexer(other.keys).compute('ten_a', 'crm_contacts', 'email', 'ada@example.com'), base);
});

test('bad options and values get clear errors', async () => {
  const { keys } = await freshKeys();
  const bi = new BlindIndexer(keys);
  await assert.rejects(bi.compute('ten_a', 'c', 'f', 'x', { bytes: 2 }), (e: { code?: string }) => e.code === 'PRIVACY_ERR_ENC_INVALID_OPTIONS');
  await assert.rejects(bi.compute('ten_a', 'c', 'f', { $gt: '' }), (e: { code?: string }) => e.code === 'PRIVACY_ERR_ENC_UNSUPPORTED_QUERY');
});
