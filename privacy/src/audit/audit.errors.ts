import { defineErrors } from '../../../server/src/errors/catalog.ts';
import { errorFactory } from '../../../server/src/errors/app-error.ts';

/**
 * Errors of the audit log. A malformed entry is a programming error of the caller (core route or plugin), never
 * the HTTP client's, hence 500; a chain that stays contended after every retry is a transient 503.
 */
export const AuditErrors = defineErrors('PRIVACY', {
  PRIVACY_ERR_AUDIT_INVALID_ENTRY: { statusCode: 500, logLevel: 'error', message: 'Invalid audit entry: %s' },
  PRIVACY_ERR_AUDIT_CONTENDED: { statusCode: 503, logLevel: 'warn', message: 'Audit chain "%s" stayed contended after %s attempts; retry' },
  PRIVACY_ERR_AUDIT_UNAVAILABLE: { statusCode: 500, logLevel: 'error', message: 'This privacy API has no audit store' },
});
export type AuditErrorCode = keyof typeof AuditErrors;
export const auditError = errorFactory(AuditErrors);
