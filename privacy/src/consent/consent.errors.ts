import { defineErrors } from '../../../server/src/errors/catalog.ts';
import { errorFactory } from '../../../server/src/errors/app-error.ts';

/** Errors of consent (purposes, texts, records); docs/privacy-consent.md. */
export const ConsentErrors = defineErrors('PRIVACY', {
  PRIVACY_ERR_CONSENT_UNKNOWN_PURPOSE: { statusCode: 400, logLevel: 'info', message: 'Unknown purpose "%s"; this tenant asks consent for: %s' },
  PRIVACY_ERR_CONSENT_NECESSARY: { statusCode: 400, logLevel: 'info', message: 'The "necessary" purpose cannot be withdrawn: it covers only what running the shop needs' },
  PRIVACY_ERR_CONSENT_NO_SUBJECT: { statusCode: 400, logLevel: 'info', message: 'Say whose consent this is: %s' },
  PRIVACY_ERR_CONSENT_EMPTY: { statusCode: 400, logLevel: 'info', message: 'No choice given: send purposes as {"<purpose>": true|false, …}' },
  PRIVACY_ERR_CONSENT_UNKNOWN_VERSION: { statusCode: 400, logLevel: 'info', message: 'Purpose "%s" has no text version %s (current: %s)' },
  PRIVACY_ERR_CONSENT_TEXT_CONTENDED: { statusCode: 503, logLevel: 'warn', message: 'Another text of purpose "%s" was published at the same time; retry' },
  PRIVACY_ERR_CONSENT_UNAVAILABLE: { statusCode: 500, logLevel: 'error', message: 'This privacy API has no consent store' },
});
export type ConsentErrorCode = keyof typeof ConsentErrors;
export const consentError = errorFactory(ConsentErrors);
