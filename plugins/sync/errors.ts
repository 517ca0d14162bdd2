import { defineErrors } from '../../server/src/errors/catalog.ts';
import { errorFactory } from '../../server/src/errors/app-error.ts';

/** The sync plugin's codes (docs/errors.md lists them; test/unit/errors-catalog.test.ts checks it). */
export const SyncErrors = defineErrors('SYNC', {
  SYNC_ERR_TOKEN_INVALID: { statusCode: 401, logLevel: 'info', message: 'Sync token is invalid: %s' },
  SYNC_ERR_TOKEN_EXPIRED: { statusCode: 401, logLevel: 'info', message: 'Sync token expired at %s; ask POST /v1/sync/token for a new one' },
  SYNC_ERR_USER_NEEDS_SECRET_KEY: { statusCode: 403, logLevel: 'info', message: 'This tenant only accepts a userId in a sync token minted with a secret key (server to server)' },
  SYNC_ERR_CLOCK_DRIFT: { statusCode: 400, logLevel: 'info', message: 'Op %s refused: %s' },
  SYNC_ERR_CLOCK_INVALID: { statusCode: 400, logLevel: 'info', message: 'Op %s refused: its hlc is malformed' },
  SYNC_ERR_DEVICE_MISMATCH: { statusCode: 400, logLevel: 'info', message: 'Op %s refused: its deviceId "%s" is not the device of this token' },
  SYNC_ERR_INVALID_FRAME: { statusCode: 400, logLevel: 'info', message: 'Invalid sync frame: %s' },
  SYNC_ERR_FRAME_TOO_LARGE: { statusCode: 413, logLevel: 'info', message: 'Sync frame of %d bytes exceeds %d bytes' },
  SYNC_ERR_RATE_LIMITED: { statusCode: 429, logLevel: 'info', message: 'More than %d ops per second on this connection; retry in %d ms' },
  SYNC_ERR_CONFLICT: { statusCode: 503, logLevel: 'warn', message: 'Could not commit after %d attempts (concurrent writers); retry' },
  SYNC_ERR_NOT_FOUND: { statusCode: 404, logLevel: 'info', message: 'No sync state %s' },
});
export type SyncErrorCode = keyof typeof SyncErrors;
export const syncError = errorFactory(SyncErrors);
