import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KeyShreddedError } from './encryption.errors.ts';
import { FieldCipher } from './field-cipher.ts';
import { KeyManager } from './key-manager.ts';
import { rewrapPersonKeys, rewrapTenantKeys, rotateTenantDataKey } from './key-rotation.ts';
import { freshKeys } from './spec-helpers.ts';

const ctx = { tenantId: 'ten_a', collection: 'crm_contacts', field: 'email' };

test('envelope hierarchy: person key wrapped by the tenant data key, tenant key wrapped by the master key', async () => {
  const { keys, store, provider } = await freshKeys();
  const pk = await keys.personKey('ten_a', 'usr_1');
  const pr = store.raw(pk.id)!;
  const tdk = await keys.currentTenantKey('ten_a', 'tenant-data');
  const tr = store.raw(tdk.id)!;
  assert.equal(pr.kind, 'person');
  assert.equal(pr.wrappedBy, tdk.id);
  assert.equal(tr.wrappedBy, await provider.currentMasterKeyId());
  // No key material in clear in the store.
  for (const r of [pr, tr]) {
    const wrapped = Buffer.from(r.wrapped!, 'base64');
    assert.ok(!wrapped.includes(pk.key) && !wrapped.includes(tdk.key));
  }
  // A fresh manager (cold cache) unwraps through the chain.
  const cold = new KeyManager(store, provider, { cacheTtlMs: 0 });
  assert.deepEqual(await cold.keyById('ten_a', pk.id), pk.key);
  assert.equal((await cold.personKey('ten_a', 'usr_1')).id, pk.id);
});

test('person keys are per tenant and per person; concurrent first use yields one key', async () => {
  const { keys } = await freshKeys();
  const [a, b] = await Promise.all([keys.personKey('ten_a', 'usr_1'), keys.personKey('ten_a', 'usr_1')]);
  assert.equal(a.id, b.id);
  assert.notEqual((await keys.personKey('ten_b', 'usr_1')).id, a.id);
  assert.notEqual((await keys.personKey('ten_a', 'usr_2')).id, a.id);
});

test('a tampered wrapped key or a wrapped key copied to another record does not unwrap', async () => {
  const { keys, store, provider } = await freshKeys();
  const p1 = await keys.personKey('ten_a', 'usr_1');
  const p2 = await keys.personKey('ten_a', 'usr_2');
  store.raw(p2.id)!.wrapped = store.raw(p1.id)!.wrapped;
  const cold = new KeyManager(store, provider, { cacheTtlMs: 0 });
  await assert.rejects(cold.keyById('ten_a', p2.id), (err: { code?: string }) => err.code === 'PRIVACY_ERR_ENC_AUTH_FAILED');
});

test('crypto-shredding: decrypting a shredded person\'s data throws KeyShreddedError, in this and other processes', async () => {
  const { keys, store, provider } = await freshKeys();
  const cipher = new FieldCipher(keys);
  const env = await cipher.encrypt('ada@example.com', ctx, 'usr_1');
  const other = await cipher.encrypt('bob@example.com', ctx, 'usr_2');
  const shredded = await keys.shredPerson('ten_a', 'usr_1');
  assert.ok(shredded);
  await assert.rejects(cipher.decrypt(env, ctx), (err) => err instanceof KeyShreddedError && err.code === 'PRIVACY_ERR_ENC_KEY_SHREDDED' && err.statusCode === 410 && !err.message.includes('ada'));
  const cold = new FieldCipher(new KeyManager(store, provider, { cacheTtlMs: 0 }));
  await assert.rejects(cold.decrypt(env, ctx), KeyShreddedError);
  assert.equal(await cold.decrypt(other, ctx), 'bob@example.com');
  const record = store.raw(shredded)!;
  assert.equal(record.wrapped, null);
  assert.ok(!JSON.stringify(record).includes('usr_1'), 'the tombstone keeps no person id');
  // A returning person gets a new key; old data stays unreadable.
  const again = await keys.personKey('ten_a', 'usr_1');
  assert.notEqual(again.id, shredded);
  await assert.rejects(cipher.decrypt(env, ctx), KeyShreddedError);
  assert.equal(await keys.shredPerson('ten_a', 'usr_9'), null);
});

test('the unwrapped-key cache expires after its TTL', async () => {
  let now = 1_000;
  const { keys, store } = await freshKeys({ cacheTtlMs: 100, now: () => now });
  const pk = await keys.personKey('ten_a', 'usr_1');
  await store.shred('ten_a', pk.id, new Date()); // shredded by "another process": this cache still has it
  assert.deepEqual(await keys.keyById('ten_a', pk.id), pk.key);
  now += 101;
  await assert.rejects(keys.keyById('ten_a', pk.id), KeyShreddedError);
});

test('master rotation re-wraps tenant keys (resumably); the old master key can then be retired', async () => {
  const { keys, store, provider } = await freshKeys();
  const cipher = new FieldCipher(keys);
  const envs = await Promise.all(['ten_a', 'ten_b', 'ten_c'].map((t) => cipher.encrypt(`x@${t}`, { ...ctx, tenantId: t }, 'usr_1')));
  await keys.indexKey('ten_a');
  const old = await provider.currentMasterKeyId();
  const next = await provider.rotate();
  assert.notEqual(old, next);
  let after: string | null = null;
  let total = 0;
  for (;;) {
    const r = await rewrapTenantKeys(keys, { after, limit: 2 });
    total += r.changed;
    after = r.lastId;
    if (r.done) break;
  }
  assert.equal(total, 4); // 3 tenant data keys + 1 index key
  assert.equal((await rewrapTenantKeys(keys)).changed, 0);
  await provider.retire(old);
  const cold = new FieldCipher(new KeyManager(store, provider, { cacheTtlMs: 0 }));
  for (const [i, t] of ['ten_a', 'ten_b', 'ten_c'].entries()) assert.equal(await cold.decrypt(envs[i]!, { ...ctx, tenantId: t }), `x@${t}`);
});

test('tenant data key rotation: new version for new tenant-level values, person keys re-wrapped without touching data', async () => {
  const { keys, store, provider } = await freshKeys();
  const cipher = new FieldCipher(keys);
  const personEnv = await cipher.encrypt('ada@example.com', ctx, 'usr_1');
  const tenantEnv = await cipher.encrypt('tenant-level', ctx, null);
  const { keyId, previousKeyId } = await rotateTenantDataKey(keys, 'ten_a');
  assert.ok(previousKeyId);
  assert.equal((await keys.encryptionKey('ten_a', null)).id, keyId);
  const r = await rewrapPersonKeys(keys, 'ten_a', previousKeyId!);
  assert.equal(r.changed, 1);
  const pk = await keys.personKey('ten_a', 'usr_1');
  assert.equal(store.raw(pk.id)!.wrappedBy, keyId);
  const cold = new FieldCipher(new KeyManager(store, provider, { cacheTtlMs: 0 }));
  assert.equal(await cold.decrypt(personEnv, ctx), 'ada@example.com');
  assert.equal(await cold.decrypt(tenantEnv, ctx), 'tenant-level'); // retired key still decrypts until re-encryption
});
