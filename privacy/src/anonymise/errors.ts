import { defineErrors } from '../../../server/src/errors/catalog.ts';
import { errorFactory } from '../../../server/src/errors/app-error.ts';

/**
 * Tabular anonymisation's codes. Every one is a problem with the caller's input (options, hierarchies, rows) or
 * a request that cannot be met (no generalisation satisfies the criteria within the suppression budget).
 */
export const AnonymiseErrors = defineErrors('PRIVACY', {
  PRIVACY_ERR_ANON_INVALID_OPTIONS: { statusCode: 400, logLevel: 'info', message: 'Invalid anonymisation options: %s' },
  PRIVACY_ERR_ANON_INVALID_HIERARCHY: { statusCode: 400, logLevel: 'info', message: 'Invalid generalisation hierarchy for "%s": %s' },
  PRIVACY_ERR_ANON_INVALID_ROW: { statusCode: 400, logLevel: 'info', message: 'Row %s: %s' },
  PRIVACY_ERR_ANON_VALUE_NOT_IN_HIERARCHY: { statusCode: 400, logLevel: 'info', message: 'Row %s: value %s of "%s" is not covered by its hierarchy' },
  PRIVACY_ERR_ANON_LATTICE_TOO_LARGE: { statusCode: 400, logLevel: 'info', message: 'The generalisation lattice has %s nodes, more than can be searched; use fewer quasi-identifiers or shallower hierarchies' },
  PRIVACY_ERR_ANON_INFEASIBLE: { statusCode: 422, logLevel: 'info', message: 'No generalisation satisfies %s with at most %s of the records suppressed' },
});
export type AnonymiseErrorCode = keyof typeof AnonymiseErrors;
export const anonymiseError = errorFactory(AnonymiseErrors);
