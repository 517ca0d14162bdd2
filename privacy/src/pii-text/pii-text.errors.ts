import { defineErrors } from '../../../server/src/errors/catalog.ts';
import { errorFactory } from '../../../server/src/errors/app-error.ts';

/** Errors of the free-text PII detector and its operators (bad options are the caller's fault: 400). */
export const PiiTextErrors = defineErrors('PRIVACY', {
  PRIVACY_ERR_PII_INVALID_OPTIONS: { statusCode: 400, logLevel: 'info', message: 'Invalid PII detection options: %s' },
  PRIVACY_ERR_PII_INVALID_OPERATOR: { statusCode: 400, logLevel: 'info', message: 'Invalid PII operator configuration: %s' },
  PRIVACY_ERR_PII_ENCRYPT_FAILED: { statusCode: 500, logLevel: 'error', message: 'Encrypting a PII span failed: %s' },
});
export type PiiTextErrorCode = keyof typeof PiiTextErrors;
export const piiTextError = errorFactory(PiiTextErrors);
