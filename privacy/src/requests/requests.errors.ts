import { defineErrors } from '../../../server/src/errors/catalog.ts';
import { errorFactory } from '../../../server/src/errors/app-error.ts';

/**
 * Errors of data-subject requests. The 4xx ones answer API calls; STEP_FAILED and RESIDUE are what a request's job
 * fails with (they end up in the request's steps and `error`, and make BullMQ retry it).
 */
export const RequestErrors = defineErrors('PRIVACY', {
  PRIVACY_ERR_REQ_INVALID: { statusCode: 400, logLevel: 'info', message: 'Invalid privacy request: %s' },
  PRIVACY_ERR_REQ_NOT_FOUND: { statusCode: 404, logLevel: 'info', message: 'Privacy request %s not found' },
  PRIVACY_ERR_REQ_NOT_RETRYABLE: { statusCode: 409, logLevel: 'info', message: 'Privacy request %s is %s; only waiting or failed requests can be retried' },
  PRIVACY_ERR_REQ_UNSUPPORTED: { statusCode: 409, logLevel: 'info', message: 'Cannot run a %s request here: %s' },
  PRIVACY_ERR_REQ_EXPORT_NOT_READY: { statusCode: 409, logLevel: 'info', message: 'Privacy request %s has no export archive (%s)' },
  PRIVACY_ERR_REQ_EXPORT_EXPIRED: { statusCode: 410, logLevel: 'info', message: 'The export archive of privacy request %s expired at %s; retry the request to build a new one' },
  PRIVACY_ERR_REQ_STEP_FAILED: { statusCode: 500, logLevel: 'warn', message: 'Privacy request step(s) failed: %s' },
  PRIVACY_ERR_REQ_RESIDUE: { statusCode: 500, logLevel: 'warn', message: 'The verification scan still finds the subject in %s' },
});
export type RequestErrorCode = keyof typeof RequestErrors;
export const requestError = errorFactory(RequestErrors);
