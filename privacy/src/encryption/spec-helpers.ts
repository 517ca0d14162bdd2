import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { KeyManager, type KeyManagerOptions } from './key-manager.ts';
import { LocalKeyringProvider } from './local-keyring.provider.ts';
import { MemoryKeyStore } from './memory-key-store.ts';

/** A fresh keyring in a temp folder and an in-memory key store. */
export async function freshKeys(options: KeyManagerOptions = {}): Promise<{ keys: KeyManager; store: MemoryKeyStore; provider: LocalKeyringProvider; dir: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'lockstep-keys-'));
  const provider = await LocalKeyringProvider.open(path.join(dir, 'keyring.json'));
  const store = new MemoryKeyStore();
  return { keys: new KeyManager(store, provider, options), store, provider, dir };
}
