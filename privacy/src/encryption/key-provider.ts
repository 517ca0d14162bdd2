/**
 * Root of the key hierarchy: wraps and unwraps tenant keys with a master key the application never stores
 * next to the data. `LocalKeyringProvider` keeps master keys in a file; a cloud KMS implementation (AWS KMS
 * Encrypt/Decrypt with an EncryptionContext, GCP KMS with additional authenticated data, Vault transit) fits
 * the same shape: `context` maps to the KMS encryption context / AAD, `masterKeyId` to the KMS key version.
 */
export interface WrappedKey {
  /** Id of the master key (version) that wrapped it; stored with the wrapped key so old versions still unwrap. */
  masterKeyId: string;
  wrapped: Buffer;
}

export interface KeyProvider {
  /** Short name for logs and the data inventory ('local-keyring', 'aws-kms', ...). */
  readonly name: string;
  /** The master key id new wraps use. */
  currentMasterKeyId(): Promise<string>;
  /** Wraps a data key under the current master key, bound to `context` (e.g. `tenant:<id>:data`). */
  wrap(key: Buffer, context: string): Promise<WrappedKey>;
  /** Unwraps with the master key named in `wrapped`; throws DecryptionFailedError when the context differs. */
  unwrap(wrapped: WrappedKey, context: string): Promise<Buffer>;
}
