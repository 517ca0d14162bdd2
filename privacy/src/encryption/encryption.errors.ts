import { defineErrors } from '../../../server/src/errors/catalog.ts';
import { AppError, errorFactory } from '../../../server/src/errors/app-error.ts';

/**
 * Field encryption's codes. Configuration and keyring problems fail at boot; decryption failures are integrity
 * problems (tampered, swapped or foreign ciphertext) and are logged as errors; a shredded key is an expected
 * outcome of an erasure (410 Gone).
 */
export const EncryptionErrors = defineErrors('PRIVACY', {
  PRIVACY_ERR_ENC_INVALID_OPTIONS: { statusCode: 500, logLevel: 'error', message: 'Invalid field-encryption configuration: %s' },
  PRIVACY_ERR_ENC_KEYRING: { statusCode: 500, logLevel: 'error', message: 'Keyring %s is unusable: %s' },
  PRIVACY_ERR_ENC_KEY_NOT_FOUND: { statusCode: 500, logLevel: 'error', message: 'Encryption key %s not found for tenant %s' },
  PRIVACY_ERR_ENC_MALFORMED: { statusCode: 500, logLevel: 'error', message: 'Not a field-encryption envelope: %s' },
  PRIVACY_ERR_ENC_AUTH_FAILED: { statusCode: 500, logLevel: 'error', message: 'Decryption failed for %s: the ciphertext was altered, moved from another field or tenant, or sealed with another key' },
  PRIVACY_ERR_ENC_KEY_SHREDDED: { statusCode: 410, logLevel: 'info', message: 'The data of this person was erased (key %s was destroyed)' },
  PRIVACY_ERR_ENC_UNSUPPORTED_QUERY: { statusCode: 400, logLevel: 'info', message: 'Encrypted field "%s" supports only equality queries on a blind index: %s' },
  PRIVACY_ERR_ENC_UNSUPPORTED_UPDATE: { statusCode: 500, logLevel: 'error', message: 'Cannot apply this update to encrypted field "%s": %s' },
});
export type EncryptionErrorCode = keyof typeof EncryptionErrors;
export const encryptionError = errorFactory(EncryptionErrors);

/** Thrown when decrypting data whose person key was destroyed (crypto-shredding). Carries no personal data. */
export class KeyShreddedError extends AppError {
  override name = 'KeyShreddedError';
  constructor(readonly keyId: string) {
    super('PRIVACY_ERR_ENC_KEY_SHREDDED', EncryptionErrors.PRIVACY_ERR_ENC_KEY_SHREDDED, [keyId], { keyId });
  }
}

/** Thrown when GCM authentication fails: the ciphertext, its envelope or its context (AAD) does not match. */
export class DecryptionFailedError extends AppError {
  override name = 'DecryptionFailedError';
  constructor(what: string) {
    super('PRIVACY_ERR_ENC_AUTH_FAILED', EncryptionErrors.PRIVACY_ERR_ENC_AUTH_FAILED, [what]);
  }
}
