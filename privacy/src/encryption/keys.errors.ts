import { defineErrors } from '../../../server/src/errors/catalog.ts';
import { errorFactory } from '../../../server/src/errors/app-error.ts';

/** Errors of the key-management routes (`/api/plugins/privacy/keys`). */
export const KeyRouteErrors = defineErrors('PRIVACY', {
  PRIVACY_ERR_KEYS_ROTATION_RUNNING: { statusCode: 409, logLevel: 'info', message: 'A key rotation for this tenant is already %s (job %s); wait for it to finish' },
});
export type KeyRouteErrorCode = keyof typeof KeyRouteErrors;
export const keyRouteError = errorFactory(KeyRouteErrors);
