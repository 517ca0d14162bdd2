import { defineErrors } from '../../../server/src/errors/catalog.ts';
import { errorFactory } from '../../../server/src/errors/app-error.ts';

/** Errors of the key-management and pseudonym routes (`/api/plugins/privacy/keys`, `/pseudonyms`). */
export const KeyRouteErrors = defineErrors('PRIVACY', {
  PRIVACY_ERR_KEYS_ROTATION_RUNNING: { statusCode: 409, logLevel: 'info', message: 'A key rotation for this tenant is already %s (job %s); wait for it to finish' },
  PRIVACY_ERR_PSEUDONYM_INVALID: { statusCode: 400, logLevel: 'info', message: 'Not a pseudonym: %s (expected psn_ followed by 22 base64url characters)' },
  PRIVACY_ERR_PSEUDONYM_UNKNOWN: { statusCode: 404, logLevel: 'info', message: 'No value behind pseudonym %s in this tenant (never issued here, or erased)' },
});
export type KeyRouteErrorCode = keyof typeof KeyRouteErrors;
export const keyRouteError = errorFactory(KeyRouteErrors);
