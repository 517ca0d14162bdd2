import { defineErrors } from '../../../server/src/errors/catalog.ts';
import { errorFactory } from '../../../server/src/errors/app-error.ts';

/** Errors of the re-identification route (`/api/plugins/privacy/pseudonyms/reidentify`). */
export const PseudonymErrors = defineErrors('PRIVACY', {
  PRIVACY_ERR_PSEUDONYM_INVALID: { statusCode: 400, logLevel: 'info', message: 'Not a pseudonym: %s (expected psn_ followed by 22 base64url characters)' },
  PRIVACY_ERR_PSEUDONYM_UNKNOWN: { statusCode: 404, logLevel: 'info', message: 'No value behind pseudonym %s in this tenant (never issued here, or erased)' },
});
export type PseudonymErrorCode = keyof typeof PseudonymErrors;
export const pseudonymError = errorFactory(PseudonymErrors);
