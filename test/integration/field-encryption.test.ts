import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Connection, Model } from 'mongoose';
import { testConfig } from '../helpers/env.ts';
import { connectStore } from '../../server/src/db/connection.ts';
import { compileModel, type ModelSpec } from '../../server/src/db/define-model.ts';
import {
  DecryptionFailedError, ERASED_TOMBSTONE, FieldCipher, KeyManager, KeyShreddedError, LocalKeyringProvider, MongoKeyStore,
  envelopeKeyId, fieldEncryption, isEnvelopeString, reencryptBatch, rewrapPersonKeys, rotateTenantDataKey,
} from '../../privacy/src/encryption/index.ts';

/**
 * Field encryption end to end on a test-only model against the real store: ciphertext at rest, blind-index
 * lookups, tamper and swap detection, crypto-shredding, resumable re-encryption. Core models are not wired yet.
 */
let conn: Connection;
let keys: KeyManager;
let store: MongoKeyStore;
let provider: LocalKeyringProvider;
let Contact: Model<any>;
const A = 'ten_enc_a';
const B = 'ten_enc_b';
const COLL = 'encprobe_contacts';

const ContactSpec: ModelSpec = {
  name: 'EncProbeContact',
  collection: COLL,
  idPrefix: 'ctc_',
  fields: {
    userId: { type: String, default: null, pii: 'identifier' },
    email: { type: String, pii: 'email' },
    name: { type: String, pii: 'name' },
    plan: { type: String, default: 'free', pii: 'none' },
  },
  configure: (schema) => schema.plugin(fieldEncryption, { fields: { email: { blindIndex: { normalize: 'email' } }, name: true }, personIdPath: 'userId', keys: () => keys }),
};

const raw = () => conn.db!.collection(COLL);
const rawDoc = async (id: string) => (await raw().findOne({ _id: id as never }))!;

before(async () => {
  conn = await connectStore(testConfig().MONGODB_URI);
  provider = await LocalKeyringProvider.open(path.join(await mkdtemp(path.join(tmpdir(), 'lockstep-keyring-')), 'keyring.json'));
  store = MongoKeyStore.connect(conn);
  await store.init();
  keys = new KeyManager(store, provider);
  Contact = compileModel(conn, ContactSpec).model;
  await Contact.init();
});
after(async () => {
  await conn?.dropDatabase().catch(() => undefined);
  await conn?.close();
});

test('ciphertext at rest: a planted email and name appear nowhere in the raw document or the key records', async () => {
  const email = 'planted.ada.7f3c@example.com';
  const name = 'Ada Plantedname';
  const doc = await Contact.create({ tenantId: A, userId: 'usr_ada', email, name });
  assert.equal(doc.email, email, 'the saved document reads back in plaintext');
  assert.equal(doc.isModified('email'), false);
  const stored = await rawDoc(doc._id);
  const dump = JSON.stringify(stored);
  assert.ok(!dump.toLowerCase().includes('planted'), dump);
  assert.ok(!dump.includes('Ada'));
  assert.ok(isEnvelopeString(stored.email) && isEnvelopeString(stored.name));
  assert.equal(typeof stored.email_bidx, 'string');
  const keyDump = JSON.stringify(await conn.db!.collection('privacy_keys').find({}).toArray());
  assert.ok(!keyDump.includes('planted') && !keyDump.includes('Ada'));
  // Reads decrypt, hydrated and lean.
  assert.equal((await Contact.findOne({ tenantId: A, _id: doc._id }))!.email, email);
  const lean = await Contact.findOne({ tenantId: A, _id: doc._id }).lean<{ email: string; name: string }>();
  assert.deepEqual([lean!.email, lean!.name], [email, name]);
  // Saving again without changes keeps the same ciphertext (not re-encrypted, not stored in clear).
  const loaded = (await Contact.findOne({ tenantId: A, _id: doc._id }))!;
  loaded.plan = 'pro';
  await loaded.save();
  const after = await rawDoc(doc._id);
  assert.equal(after.email, stored.email);
  assert.equal(after.plan, 'pro');
});

test('insertMany encrypts without changing the caller\'s objects and returns plaintext documents', async () => {
  const input = [{ tenantId: A, userId: 'usr_im1', email: 'im1@example.com', name: 'Im One' }, { tenantId: A, email: 'im2@example.com', name: 'Im Two' }];
  const docs = await Contact.insertMany(input);
  assert.deepEqual(input[0], { tenantId: A, userId: 'usr_im1', email: 'im1@example.com', name: 'Im One' });
  assert.deepEqual(docs.map((d: { email: string }) => d.email), ['im1@example.com', 'im2@example.com']);
  for (const d of docs) {
    const s = await rawDoc(d._id);
    assert.ok(isEnvelopeString(s.email) && !JSON.stringify(s).includes('example.com'));
  }
  // The tenant-level document (no person) is sealed with the tenant data key, the other with a person key.
  const [s1, s2] = await Promise.all(docs.map((d: { _id: string }) => rawDoc(d._id)));
  assert.match(envelopeKeyId(s1!.email), /^pk_/);
  assert.match(envelopeKeyId(s2!.email), /^tdk_/);
});

test('blind index: equality lookups by email find the document without decrypting others; tenants are separate', async () => {
  const d = await Contact.create({ tenantId: A, userId: 'usr_bi', email: 'Lookup.Me@Example.com', name: 'Look' });
  await Contact.create({ tenantId: B, userId: 'usr_bi', email: 'lookup.me@example.com', name: 'Other tenant' });
  const found = await Contact.find({ tenantId: A, email: '  lookup.me@EXAMPLE.com' }).lean<{ _id: string; email: string }[]>();
  assert.deepEqual(found.map((f) => f._id), [d._id]);
  assert.equal(found[0]!.email, 'Lookup.Me@Example.com');
  assert.equal(await Contact.countDocuments({ tenantId: A, email: { $in: ['nobody@example.com', 'lookup.me@example.com'] } }), 1);
  assert.equal(await Contact.countDocuments({ tenantId: A, $or: [{ email: 'lookup.me@example.com' }, { plan: 'none-such' }] }), 1);
  // The stored index of tenant B differs for the same address (per-tenant index keys).
  const [a, b] = await Promise.all([rawDoc(d._id), raw().findOne({ tenantId: B })]);
  assert.notEqual(a.email_bidx, b!.email_bidx);
  // Queries the index cannot answer are refused with a clear error.
  await assert.rejects(Contact.find({ tenantId: A, email: { $regex: '^look' } }).exec(), (e: { code?: string }) => e.code === 'PRIVACY_ERR_ENC_UNSUPPORTED_QUERY');
  await assert.rejects(Contact.find({ tenantId: A, name: 'Look' }).exec(), (e: { code?: string }) => e.code === 'PRIVACY_ERR_ENC_UNSUPPORTED_QUERY');
});

test('updateOne/findOneAndUpdate $set re-encrypt with the document\'s person key and move the blind index', async () => {
  const d = await Contact.create({ tenantId: A, userId: 'usr_upd', email: 'before@example.com', name: 'Before' });
  await Contact.updateOne({ tenantId: A, _id: d._id }, { $set: { email: 'after@example.com' } });
  const s = await rawDoc(d._id);
  assert.ok(isEnvelopeString(s.email) && !JSON.stringify(s).includes('after@'));
  assert.equal(envelopeKeyId(s.email), (await keys.personKey(A, 'usr_upd')).id);
  assert.equal(await Contact.countDocuments({ tenantId: A, email: 'before@example.com' }), 0);
  assert.equal(await Contact.countDocuments({ tenantId: A, email: 'after@example.com' }), 1);
  const updated = await Contact.findOneAndUpdate({ tenantId: A, email: 'after@example.com' }, { name: 'After' }, { returnDocument: 'after' });
  assert.equal(updated!.name, 'After');
  assert.ok(isEnvelopeString((await rawDoc(d._id)).name));
  await assert.rejects(Contact.updateOne({ tenantId: A, _id: d._id }, { $push: { name: 'x' } }).exec(), (e: { code?: string }) => e.code === 'PRIVACY_ERR_ENC_UNSUPPORTED_UPDATE');
  await assert.rejects(Contact.updateMany({ tenantId: A }, { $set: { name: 'All' } }).exec(), (e: { code?: string }) => e.code === 'PRIVACY_ERR_ENC_UNSUPPORTED_UPDATE');
});

test('tamper at rest: a flipped byte in the stored ciphertext fails the read with DecryptionFailedError', async () => {
  const d = await Contact.create({ tenantId: A, userId: 'usr_tamper', email: 'tamper@example.com', name: 'Tamper' });
  const s = await rawDoc(d._id);
  const bytes = Buffer.from(s.email.slice(5), 'base64url');
  bytes[bytes.length - 3]! ^= 0x01;
  await raw().updateOne({ _id: d._id }, { $set: { email: `lse1:${bytes.toString('base64url')}` } });
  await assert.rejects(Contact.findOne({ tenantId: A, _id: d._id }).exec(), DecryptionFailedError);
});

test('swap at rest: ciphertext copied to another field, document of another tenant, or collection is refused', async () => {
  const d = await Contact.create({ tenantId: A, userId: 'usr_swap', email: 'swap@example.com', name: 'Swap' });
  const s = await rawDoc(d._id);
  await raw().updateOne({ _id: d._id }, { $set: { name: s.email } });
  await assert.rejects(Contact.findOne({ tenantId: A, _id: d._id }).lean().exec(), DecryptionFailedError);
  const other = await Contact.create({ tenantId: B, userId: 'usr_swap', email: 'b@example.com', name: 'B' });
  await raw().updateOne({ _id: other._id }, { $set: { email: s.email } });
  await assert.rejects(Contact.findOne({ tenantId: B, _id: other._id }).exec(), (e: { code?: string }) => e.code === 'PRIVACY_ERR_ENC_KEY_NOT_FOUND' || e.code === 'PRIVACY_ERR_ENC_AUTH_FAILED');
  await assert.rejects(new FieldCipher(keys).decrypt(s.email, { tenantId: A, collection: 'other_collection', field: 'email' }), DecryptionFailedError);
});

test('crypto-shredding: after destroying a person key their fields read as a tombstone, others are intact', async () => {
  const gone = await Contact.create({ tenantId: A, userId: 'usr_gone', email: 'gone@example.com', name: 'Gone Person' });
  const kept = await Contact.create({ tenantId: A, userId: 'usr_kept', email: 'kept@example.com', name: 'Kept Person' });
  const stored = await rawDoc(gone._id);
  assert.ok(await keys.shredPerson(A, 'usr_gone'));
  const fresh = new KeyManager(store, provider, { cacheTtlMs: 0 }); // another process: no cached key
  await assert.rejects(new FieldCipher(fresh).decrypt(stored.email, { tenantId: A, collection: COLL, field: 'email' }), (e) => e instanceof KeyShreddedError && e.code === 'PRIVACY_ERR_ENC_KEY_SHREDDED');
  const docs = await Contact.find({ tenantId: A, _id: { $in: [gone._id, kept._id] } }).sort({ _id: 1 }).lean<{ _id: string; email: string; name: string }[]>();
  const byId = new Map(docs.map((x) => [x._id, x]));
  assert.deepEqual([byId.get(gone._id)!.email, byId.get(gone._id)!.name], [ERASED_TOMBSTONE, ERASED_TOMBSTONE]);
  assert.equal(byId.get(kept._id)!.email, 'kept@example.com');
  // The tombstone record in privacy_keys keeps neither key material nor the person id.
  const rec = await conn.db!.collection('privacy_keys').findOne({ _id: envelopeKeyId(stored.email) as never });
  assert.equal(rec!.wrapped, null);
  assert.ok(!JSON.stringify(rec).includes('usr_gone'));
});

test('re-encryption after a tenant key rotation is resumable from the last _id and encrypts legacy plaintext', async () => {
  const T = 'ten_enc_rot';
  const created = await Contact.insertMany(Array.from({ length: 7 }, (_, i) => ({ tenantId: T, email: `rot${i}@example.com`, name: `Rot ${i}` })));
  const withPerson = await Contact.create({ tenantId: T, userId: 'usr_rot', email: 'rotp@example.com', name: 'Rot P' });
  // A document written before the field was encrypted (plaintext) and one whose person changed behind the plugin.
  await raw().insertOne({ _id: 'ctc_legacy' as never, tenantId: T, userId: null, email: 'legacy@example.com', name: 'Legacy', plan: 'free' });
  const { keyId, previousKeyId } = await rotateTenantDataKey(keys, T);
  assert.equal((await rewrapPersonKeys(keys, T, previousKeyId!)).changed, 1);
  const personEnvelope = (await rawDoc(withPerson._id)).email;

  const first = await reencryptBatch(Contact, T, { limit: 3 });
  assert.deepEqual([first.scanned, first.done], [3, false]);
  // "Crash": resume from the saved cursor with a new process' key manager.
  keys.forgetCachedKeys();
  let cursor = first.lastId;
  let changed = first.changed;
  for (;;) {
    const r = await reencryptBatch(Contact, T, { after: cursor, limit: 3 });
    assert.ok(r.scanned === 0 || r.lastId! > cursor!, 'the cursor moves forward');
    cursor = r.lastId;
    changed += r.changed;
    if (r.done) break;
  }
  assert.equal(changed, 8, '7 tenant-key documents + the legacy one; the person-key document is already current');
  const docs = await raw().find({ tenantId: T }).toArray();
  for (const doc of docs) {
    assert.ok(isEnvelopeString(doc.email), `${doc._id} encrypted`);
    if (!doc.userId) assert.equal(envelopeKeyId(doc.email), keyId);
  }
  assert.equal((await rawDoc(withPerson._id)).email, personEnvelope, 'person-key values are untouched (their key was re-wrapped)');
  assert.ok(!JSON.stringify(docs).includes('legacy@example.com'));
  const legacy = await Contact.findOne({ tenantId: T, email: 'LEGACY@example.com' }).lean<{ name: string }>();
  assert.equal(legacy!.name, 'Legacy');
  const all = await Contact.find({ tenantId: T }).lean<{ email: string }[]>();
  assert.deepEqual(all.map((x) => x.email).sort(), [...created.map((c: { email: string }) => c.email), 'rotp@example.com', 'legacy@example.com'].sort());
  assert.equal((await reencryptBatch(Contact, T)).changed, 0, 'a second pass has nothing left to do');
});

test('person keys in privacy_keys: one per person under concurrent first use, wrapped only', async () => {
  const ids = await Promise.all(Array.from({ length: 5 }, () => new KeyManager(store, provider).personKey(A, 'usr_race').then((k) => k.id)));
  assert.equal(new Set(ids).size, 1);
  const recs = await conn.db!.collection('privacy_keys').find({ tenantId: A }).toArray();
  for (const r of recs) assert.ok(!('key' in r) && (r.wrapped === null || typeof r.wrapped === 'string'));
});
