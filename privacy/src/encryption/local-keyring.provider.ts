import { randomBytes } from 'node:crypto';
import { chmod, link, mkdir, open as openFile, readFile, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { KEY_BYTES, unwrapKey, wrapKey } from './aes-gcm.ts';
import { DecryptionFailedError, encryptionError } from './encryption.errors.ts';
import type { KeyProvider, WrappedKey } from './key-provider.ts';

/** On-disk shape of the keyring file (JSON, mode 0600). */
export interface KeyringFile {
  format: 'lockstep-keyring';
  version: 1;
  current: string;
  keys: { id: string; createdAt: string; material: string }[];
}

export interface LocalKeyringOptions {
  /** Create the file with a first master key when it does not exist. @defaultValue true */
  create?: boolean;
  /** Refuse a keyring readable or writable by group/others (POSIX). @defaultValue true */
  enforcePermissions?: boolean;
}

const ID_PATTERN = /^mk_[0-9]{4,}$/;

/**
 * Master keys in a local file: versioned (`mk_0001`, `mk_0002`, ...), the newest is current; older versions stay
 * so data keys they wrapped still unwrap until `rewrapTenantKeys` has moved them. The file is written atomically
 * (temp file + rename) with mode 0600. Back it up separately from the database: a database backup alone must not
 * be enough to read personal data.
 */
export class LocalKeyringProvider implements KeyProvider {
  readonly name = 'local-keyring';
  private constructor(readonly file: string, private keyring: KeyringFile, private readonly materials: Map<string, Buffer>) {}

  static async open(file: string, options: LocalKeyringOptions = {}): Promise<LocalKeyringProvider> {
    const { create = true, enforcePermissions = true } = options;
    let raw: string;
    try {
      if (enforcePermissions && process.platform !== 'win32') {
        const mode = (await stat(file)).mode & 0o777;
        if (mode & 0o077) throw encryptionError('PRIVACY_ERR_ENC_KEYRING', [file, `permissions ${mode.toString(8)} let other users read it; chmod 600`]);
      }
      raw = await readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      if (!create) throw encryptionError('PRIVACY_ERR_ENC_KEYRING', [file, 'file not found']);
      const first = LocalKeyringProvider.newKey(1);
      const keyring: KeyringFile = { format: 'lockstep-keyring', version: 1, current: first.id, keys: [first] };
      try {
        await writeKeyring(file, keyring, true);
      } catch (createErr) {
        // Another process (an API and its workers starting together) created it first: use theirs.
        if (!/created concurrently/.test((createErr as Error).message)) throw createErr;
        return LocalKeyringProvider.open(file, { ...options, create: false });
      }
      return new LocalKeyringProvider(file, keyring, materialsOf(file, keyring));
    }
    const keyring = parseKeyring(file, raw);
    return new LocalKeyringProvider(file, keyring, materialsOf(file, keyring));
  }

  private static newKey(n: number): KeyringFile['keys'][number] {
    return { id: `mk_${String(n).padStart(4, '0')}`, createdAt: new Date().toISOString(), material: randomBytes(KEY_BYTES).toString('base64') };
  }

  /** Master key ids, oldest first. */
  get keyIds(): string[] {
    return this.keyring.keys.map((k) => k.id);
  }

  async currentMasterKeyId(): Promise<string> {
    return this.keyring.current;
  }

  /** Adds a new master key and makes it current (old ones are kept for unwrapping). Returns its id. */
  async rotate(): Promise<string> {
    const next = LocalKeyringProvider.newKey(this.keyring.keys.length + 1);
    const keyring: KeyringFile = { ...this.keyring, current: next.id, keys: [...this.keyring.keys, next] };
    await writeKeyring(this.file, keyring, false);
    this.keyring = keyring;
    this.materials.set(next.id, Buffer.from(next.material, 'base64'));
    return next.id;
  }

  /** Removes a master key once nothing is wrapped by it any more (check with `KeyStore.countWrappedBy`). */
  async retire(id: string): Promise<void> {
    if (id === this.keyring.current) throw encryptionError('PRIVACY_ERR_ENC_KEYRING', [this.file, `cannot retire the current master key ${id}`]);
    const keyring: KeyringFile = { ...this.keyring, keys: this.keyring.keys.filter((k) => k.id !== id) };
    await writeKeyring(this.file, keyring, false);
    this.keyring = keyring;
    this.materials.delete(id);
  }

  async wrap(key: Buffer, context: string): Promise<WrappedKey> {
    const masterKeyId = this.keyring.current;
    return { masterKeyId, wrapped: wrapKey(this.material(masterKeyId), key, aadFor(masterKeyId, context)) };
  }

  async unwrap(wrapped: WrappedKey, context: string): Promise<Buffer> {
    const key = unwrapKey(this.material(wrapped.masterKeyId), wrapped.wrapped, aadFor(wrapped.masterKeyId, context));
    if (!key) throw new DecryptionFailedError(`data key under master key ${wrapped.masterKeyId} (${context})`);
    return key;
  }

  private material(id: string): Buffer {
    const m = this.materials.get(id);
    if (!m) throw encryptionError('PRIVACY_ERR_ENC_KEY_NOT_FOUND', [id, '(master keyring)']);
    return m;
  }
}

function aadFor(masterKeyId: string, context: string): Buffer {
  return Buffer.from(`lockstep-wrap:v1:${masterKeyId}:${context}`, 'utf8');
}

function parseKeyring(file: string, raw: string): KeyringFile {
  let data: KeyringFile;
  try {
    data = JSON.parse(raw) as KeyringFile;
  } catch {
    throw encryptionError('PRIVACY_ERR_ENC_KEYRING', [file, 'not valid JSON']);
  }
  if (data?.format !== 'lockstep-keyring' || data.version !== 1 || !Array.isArray(data.keys) || !data.keys.length) {
    throw encryptionError('PRIVACY_ERR_ENC_KEYRING', [file, 'not a lockstep keyring (format/version/keys)']);
  }
  for (const k of data.keys) {
    if (!ID_PATTERN.test(k?.id ?? '') || Buffer.from(k.material ?? '', 'base64').length !== KEY_BYTES) {
      throw encryptionError('PRIVACY_ERR_ENC_KEYRING', [file, `key ${JSON.stringify(k?.id)} is malformed (id mk_NNNN, 32-byte base64 material)`]);
    }
  }
  if (!data.keys.some((k) => k.id === data.current)) throw encryptionError('PRIVACY_ERR_ENC_KEYRING', [file, `current key ${data.current} is not in the keyring`]);
  return data;
}

function materialsOf(_file: string, keyring: KeyringFile): Map<string, Buffer> {
  return new Map(keyring.keys.map((k) => [k.id, Buffer.from(k.material, 'base64')]));
}

/** Atomic write with 0600 from creation on (no window where the file is world-readable). */
async function writeKeyring(file: string, keyring: KeyringFile, exclusive: boolean): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await openFile(tmp, 'wx', 0o600);
  try {
    await handle.writeFile(`${JSON.stringify(keyring, null, 2)}\n`, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await chmod(tmp, 0o600);
  if (exclusive) {
    // link() fails with EEXIST when another process created the keyring meanwhile: never replace its keys.
    try {
      await link(tmp, file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw encryptionError('PRIVACY_ERR_ENC_KEYRING', [file, 'created concurrently by another process; open it again']);
      throw err;
    } finally {
      await unlink(tmp).catch(() => undefined);
    }
    return;
  }
  await rename(tmp, file);
}
