import { defineErrors } from '../../server/src/errors/catalog.ts';
import { errorFactory } from '../../server/src/errors/app-error.ts';

/** The identity plugin's codes (docs/errors.md lists them; test/unit/errors-catalog.test.ts checks it). */
export const IdentityErrors = defineErrors('IDENTITY', {
  IDENTITY_ERR_NOT_FOUND: { statusCode: 404, logLevel: 'info', message: '%s not found' },
  IDENTITY_ERR_CONFLICT: { statusCode: 409, logLevel: 'info', message: 'The merge rules refuse this (%s): %s' },
  IDENTITY_ERR_INVALID_IDENTIFIER: { statusCode: 400, logLevel: 'info', message: 'Invalid identifier: %s' },
  IDENTITY_ERR_SPLIT_INVALID: { statusCode: 400, logLevel: 'info', message: 'Cannot split: %s' },
  IDENTITY_ERR_BUSY: { statusCode: 503, logLevel: 'warn', message: 'The identity graph of this tenant is busy (%s); retry in a moment' },
});
export type IdentityErrorCode = keyof typeof IdentityErrors;
export const identityError = errorFactory(IdentityErrors);
