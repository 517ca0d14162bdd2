import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DecryptionFailedError } from './encryption.errors.ts';
import { LocalKeyringProvider } from './local-keyring.provider.ts';

const tmp = () => mkdtemp(path.join(tmpdir(), 'lockstep-keyring-'));
const code = (c: string) => (err: { code?: string }) => err.code === c;

test('creates a 0600 keyring with a first versioned master key and reopens it', async () => {
  const file = path.join(await tmp(), 'nested', 'keyring.json');
  const p = await LocalKeyringProvider.open(file);
  assert.equal((await stat(file)).mode & 0o777, 0o600);
  assert.equal(await p.currentMasterKeyId(), 'mk_0001');
  const key = randomBytes(32);
  const wrapped = await p.wrap(key, 'tenant:ten_a:tenant-data:tdk_1');
  assert.ok(!wrapped.wrapped.includes(key));
  const reopened = await LocalKeyringProvider.open(file, { create: false });
  assert.deepEqual(await reopened.unwrap(wrapped, 'tenant:ten_a:tenant-data:tdk_1'), key);
});

test('unwrap with another context or a flipped byte fails', async () => {
  const p = await LocalKeyringProvider.open(path.join(await tmp(), 'k.json'));
  const key = randomBytes(32);
  const w = await p.wrap(key, 'ctx-a');
  await assert.rejects(p.unwrap(w, 'ctx-b'), DecryptionFailedError);
  const flipped = Buffer.from(w.wrapped);
  flipped[5]! ^= 1;
  await assert.rejects(p.unwrap({ ...w, wrapped: flipped }, 'ctx-a'), DecryptionFailedError);
});

test('rotate adds a version and keeps old ones for unwrapping; the current key cannot be retired', async () => {
  const file = path.join(await tmp(), 'k.json');
  const p = await LocalKeyringProvider.open(file);
  const key = randomBytes(32);
  const w1 = await p.wrap(key, 'c');
  assert.equal(await p.rotate(), 'mk_0002');
  const w2 = await p.wrap(key, 'c');
  assert.equal(w2.masterKeyId, 'mk_0002');
  const reopened = await LocalKeyringProvider.open(file);
  assert.deepEqual(await reopened.unwrap(w1, 'c'), key);
  assert.deepEqual(reopened.keyIds, ['mk_0001', 'mk_0002']);
  await assert.rejects(reopened.retire('mk_0002'), code('PRIVACY_ERR_ENC_KEYRING'));
  await reopened.retire('mk_0001');
  await assert.rejects(reopened.unwrap(w1, 'c'), code('PRIVACY_ERR_ENC_KEY_NOT_FOUND'));
  assert.equal((await stat(file)).mode & 0o777, 0o600);
});

test('refuses a keyring other users can read, a missing one without create, and malformed ones', async () => {
  const dir = await tmp();
  const file = path.join(dir, 'k.json');
  await LocalKeyringProvider.open(file);
  await chmod(file, 0o644);
  await assert.rejects(LocalKeyringProvider.open(file), (err: { code?: string; message: string }) => err.code === 'PRIVACY_ERR_ENC_KEYRING' && /chmod 600/.test(err.message));
  await assert.rejects(LocalKeyringProvider.open(path.join(dir, 'missing.json'), { create: false }), code('PRIVACY_ERR_ENC_KEYRING'));
  const good = JSON.parse(await readFile(file, 'utf8'));
  const cases = ['not json', JSON.stringify({ ...good, format: 'x' }), JSON.stringify({ ...good, current: 'mk_0009' }), JSON.stringify({ ...good, keys: [{ id: 'mk_0001', material: 'c2hvcnQ=' }] })];
  for (const [i, body] of cases.entries()) {
    const f = path.join(dir, `bad${i}.json`);
    await writeFile(f, body, { mode: 0o600 });
    await assert.rejects(LocalKeyringProvider.open(f), code('PRIVACY_ERR_ENC_KEYRING'), body);
  }
});

test('processes starting together on a missing keyring all end up with the one that was created first', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'keyring-race-'));
  const file = path.join(dir, 'keys', 'keyring.json');
  const providers = await Promise.all(Array.from({ length: 8 }, () => LocalKeyringProvider.open(file)));
  const ids = new Set(await Promise.all(providers.map((p) => p.currentMasterKeyId())));
  assert.equal(ids.size, 1);
  const key = Buffer.alloc(32, 7);
  const wrapped = await providers[0]!.wrap(key, 'ctx');
  for (const p of providers) assert.deepEqual(await p.unwrap(wrapped, 'ctx'), key, 'every process can unwrap what another wrapped');
});
