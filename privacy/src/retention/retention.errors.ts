import { defineErrors } from '../../../server/src/errors/catalog.ts';
import { errorFactory } from '../../../server/src/errors/app-error.ts';

/** Errors of retention policies (privacy/src/retention): all the caller's input, hence 4xx. */
export const RetentionErrors = defineErrors('PRIVACY', {
  PRIVACY_ERR_RETENTION_UNKNOWN_COLLECTION: { statusCode: 404, logLevel: 'info', message: 'No tenant-scoped model stores collection "%s" (see GET /api/plugins/privacy/retention/policies)' },
  PRIVACY_ERR_RETENTION_PROTECTED: { statusCode: 400, logLevel: 'info', message: 'Collection "%s" cannot have a retention policy: %s' },
  PRIVACY_ERR_RETENTION_INVALID_FIELD: { statusCode: 400, logLevel: 'info', message: 'Field "%s" of collection "%s" is not a date field; use one of: %s' },
});
export type RetentionErrorCode = keyof typeof RetentionErrors;
export const retentionError = errorFactory(RetentionErrors);
