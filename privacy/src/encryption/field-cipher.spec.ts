import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DecryptionFailedError } from './encryption.errors.ts';
import { decodeEnvelope, envelopeFromString, envelopeToString, ENVELOPE_PREFIX } from './envelope.ts';
import { FieldCipher, type FieldContext } from './field-cipher.ts';
import { freshKeys } from './spec-helpers.ts';

const ctx: FieldContext = { tenantId: 'ten_a', collection: 'crm_contacts', field: 'email' };

test('round-trips strings, numbers, booleans, dates and objects under tenant and person keys', async () => {
  const { keys } = await freshKeys();
  const cipher = new FieldCipher(keys);
  const values = ['ada@example.com', '', 'ünïcødé ✓', 42.5, -0, true, false, new Date('2024-02-29T12:00:00Z'), { street: '1 Main St', zip: '12345' }, ['a', 1]];
  for (const person of [null, 'usr_1']) {
    for (const v of values) {
      const env = await cipher.encrypt(v, ctx, person);
      assert.ok(env.startsWith(ENVELOPE_PREFIX));
      assert.deepEqual(await cipher.decrypt(env, ctx), v);
    }
  }
});

test('the same plaintext encrypts differently every time (random IV) and never appears in the envelope', async () => {
  const { keys } = await freshKeys();
  const cipher = new FieldCipher(keys);
  const a = await cipher.encrypt('ada@example.com', ctx, 'usr_1');
  const b = await cipher.encrypt('ada@example.com', ctx, 'usr_1');
  assert.notEqual(a, b);
  assert.ok(!Buffer.from(envelopeFromString(a)).includes(Buffer.from('ada@example.com')));
});

test('envelope layout: version, key id, 12-byte IV, ciphertext, 16-byte tag', async () => {
  const { keys } = await freshKeys();
  const cipher = new FieldCipher(keys);
  const bytes = await cipher.encryptToBuffer('abc', ctx, 'usr_1');
  const env = decodeEnvelope(bytes);
  const personKey = await keys.personKey('ten_a', 'usr_1');
  assert.equal(bytes[0], 1);
  assert.equal(bytes[1], personKey.id.length);
  assert.equal(env.keyId, personKey.id);
  assert.equal(env.iv.length, 12);
  assert.equal(env.tag.length, 16);
  assert.equal(env.ciphertext.length, 4); // type byte + 'abc'
  assert.equal(bytes.length, 2 + personKey.id.length + 12 + 4 + 16);
});

test('flipping any byte of IV, ciphertext or tag fails authentication with DecryptionFailedError', async () => {
  const { keys } = await freshKeys();
  const cipher = new FieldCipher(keys);
  const bytes = await cipher.encryptToBuffer('ada@example.com', ctx, 'usr_1');
  const headerLen = 2 + bytes[1]!;
  for (let i = headerLen; i < bytes.length; i++) {
    const tampered = Buffer.from(bytes);
    tampered[i]! ^= 0x01;
    await assert.rejects(cipher.decryptBuffer(tampered, ctx), (err) => err instanceof DecryptionFailedError && (err as DecryptionFailedError).code === 'PRIVACY_ERR_ENC_AUTH_FAILED', `byte ${i}`);
  }
  // the string form too
  const s = envelopeToString(bytes);
  const flipped = envelopeToString(Buffer.from(envelopeFromString(s).map((b, i) => (i === bytes.length - 1 ? b ^ 0x80 : b))));
  await assert.rejects(cipher.decrypt(flipped, ctx), DecryptionFailedError);
});

test('AAD: a ciphertext moved to another field, collection or tenant is refused', async () => {
  const { keys } = await freshKeys();
  const cipher = new FieldCipher(keys);
  const tenantEnv = await cipher.encrypt('ada@example.com', ctx, null);
  await assert.rejects(cipher.decrypt(tenantEnv, { ...ctx, field: 'name' }), DecryptionFailedError);
  await assert.rejects(cipher.decrypt(tenantEnv, { ...ctx, collection: 'shop_orders' }), DecryptionFailedError);
  // Another tenant does not even hold the key: the lookup is tenant-scoped.
  await assert.rejects(cipher.decrypt(tenantEnv, { ...ctx, tenantId: 'ten_b' }), (err: { code?: string }) => err.code === 'PRIVACY_ERR_ENC_KEY_NOT_FOUND');
  assert.equal(await cipher.decrypt(tenantEnv, ctx), 'ada@example.com');
});

test('rewriting the key id in the header (authenticated) fails even with a key that exists', async () => {
  const { keys } = await freshKeys();
  const cipher = new FieldCipher(keys);
  const a = await cipher.encryptToBuffer('secret', ctx, 'usr_1');
  const b = await cipher.encryptToBuffer('other', ctx, 'usr_2');
  const hA = 2 + a[1]!;
  const hB = 2 + b[1]!;
  const spliced = Buffer.concat([b.subarray(0, hB), a.subarray(hA)]);
  await assert.rejects(cipher.decryptBuffer(spliced, ctx), DecryptionFailedError);
});

test('malformed envelopes get PRIVACY_ERR_ENC_MALFORMED', async () => {
  const { keys } = await freshKeys();
  const cipher = new FieldCipher(keys);
  for (const bad of ['plain@example.com', 'lse1:', 'lse1:AA', 'lse1:AgVwa18xMg']) {
    await assert.rejects(cipher.decrypt(bad, ctx), (err: { code?: string }) => err.code === 'PRIVACY_ERR_ENC_MALFORMED', bad);
  }
});
