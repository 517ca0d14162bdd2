import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Schema } from 'mongoose';
import { BlindIndexer } from './blind-index.ts';
import { DocumentEncryptor } from './document-encryptor.ts';
import { isEnvelopeString } from './envelope.ts';
import { encryptorOf, fieldEncryption } from './field-encryption.plugin.ts';
import { freshKeys } from './spec-helpers.ts';

const LooseSchema = Schema as unknown as new (definition: object, options: object) => Schema;
const code = (c: string) => (err: { code?: string }) => err.code === c;

test('setup refuses options that would run on ciphertext, non-string paths and unknown paths', async () => {
  const { keys } = await freshKeys();
  const build = (def: object, fields: Record<string, true>, extra: object = {}) => () => fieldEncryption(new LooseSchema({ tenantId: String, ...def }, { collection: 'probe' }), { fields, keys, ...extra });
  assert.throws(build({ email: { type: String, lowercase: true } }, { email: true }), code('PRIVACY_ERR_ENC_INVALID_OPTIONS'));
  assert.throws(build({ email: { type: String, unique: true } }, { email: true }), code('PRIVACY_ERR_ENC_INVALID_OPTIONS'));
  assert.throws(build({ email: { type: String, match: /@/ } }, { email: true }), code('PRIVACY_ERR_ENC_INVALID_OPTIONS'));
  assert.throws(build({ age: { type: Number } }, { age: true }), code('PRIVACY_ERR_ENC_INVALID_OPTIONS'));
  assert.throws(build({ email: String }, { nope: true }), code('PRIVACY_ERR_ENC_INVALID_OPTIONS'));
  assert.throws(build({ email: String }, { email: true }, { personIdPath: 'missing' }), code('PRIVACY_ERR_ENC_INVALID_OPTIONS'));
  assert.throws(() => fieldEncryption(new LooseSchema({ email: String }, {}), { fields: { email: true }, keys }), code('PRIVACY_ERR_ENC_INVALID_OPTIONS'));
  // A valid setup marks the path encrypted and adds the blind-index path with its pii declaration.
  const schema = new LooseSchema({ tenantId: String, email: { type: String, trim: true, pii: 'email' } }, { collection: 'probe' });
  fieldEncryption(schema, { fields: { email: { blindIndex: { normalize: 'email' } } }, keys });
  assert.equal((schema.path('email').options as { encrypted?: boolean }).encrypted, true);
  assert.equal((schema.path('email_bidx').options as { pii?: string }).pii, 'identifier');
  assert.ok(encryptorOf(schema));
});

test('filters: equality on blind-indexed fields becomes an index lookup; other conditions are refused', async () => {
  const { keys } = await freshKeys();
  const enc = new DocumentEncryptor({ fields: { email: { blindIndex: { normalize: 'email' } }, name: true }, keys }, 'probe');
  const h = await new BlindIndexer(keys).compute('ten_a', 'probe', 'email', 'ada@example.com', { normalize: 'email' });
  assert.deepEqual(await enc.rewriteFilter({ tenantId: 'ten_a', email: 'ADA@example.com' }, 'ten_a'), { tenantId: 'ten_a', email_bidx: h });
  assert.deepEqual(await enc.rewriteFilter({ tenantId: 'ten_a', email: { $in: ['ada@example.com'] } }, 'ten_a'), { tenantId: 'ten_a', email_bidx: { $in: [h] } });
  assert.deepEqual(await enc.rewriteFilter({ tenantId: 'ten_a', $and: [{ email: { $eq: 'ada@example.com' } }] }, 'ten_a'), { tenantId: 'ten_a', $and: [{ email_bidx: { $eq: h } }] });
  assert.deepEqual(await enc.rewriteFilter({ tenantId: 'ten_a', email: null, name: { $exists: true } }, 'ten_a'), { tenantId: 'ten_a', email: null, name: { $exists: true } });
  await assert.rejects(enc.rewriteFilter({ email: { $gt: 'a' } }, 'ten_a'), code('PRIVACY_ERR_ENC_UNSUPPORTED_QUERY'));
  await assert.rejects(enc.rewriteFilter({ name: 'Ada' }, 'ten_a'), code('PRIVACY_ERR_ENC_UNSUPPORTED_QUERY'));
  await assert.rejects(enc.rewriteFilter({ email: 'ada@example.com' }, null), code('PRIVACY_ERR_ENC_UNSUPPORTED_QUERY'));
});

test('updates: $set and plain assignments are sealed with the blind index; other operators on encrypted fields are refused', async () => {
  const { keys } = await freshKeys();
  const enc = new DocumentEncryptor({ fields: { email: { blindIndex: {} }, name: true }, personIdPath: 'userId', keys }, 'probe');
  const out = await enc.rewriteUpdate({ $set: { email: 'a@b.c', plan: 'pro' }, name: 'Ada', $unset: { email: '' } }, 'ten_a', 'usr_1') as Record<string, Record<string, unknown>>;
  assert.ok(isEnvelopeString(out.$set!.email) && isEnvelopeString(out.name));
  assert.equal(out.$set!.plan, 'pro');
  assert.equal(typeof out.$set!.email_bidx, 'string');
  assert.deepEqual(out.$unset, { email: '', email_bidx: '' });
  for (const bad of [{ $push: { name: 'x' } }, { $inc: { 'email.x': 1 } }, { $rename: { email: 'old' } }, { $set: undefined, $pull: { email_bidx: 'x' } }, { $set: { email_bidx: 'forged' } }, { $set: { 'email.x': 1 } }]) {
    await assert.rejects(enc.rewriteUpdate(bad as Record<string, unknown>, 'ten_a', null), code('PRIVACY_ERR_ENC_UNSUPPORTED_UPDATE'), JSON.stringify(bad));
  }
});
