import { defineErrors } from '../errors/catalog.ts';
import { errorFactory } from '../errors/app-error.ts';

/** Ingestion's own codes: whole-request errors (thrown) and per-event rejections (returned in `rejected`). */
export const EventErrors = defineErrors('EVENTS', {
  EVENTS_ERR_BATCH_TOO_LONG: { statusCode: 400, logLevel: 'info', message: 'A batch holds at most %s events; got %s' },
  EVENTS_ERR_INVALID_EVENT: { statusCode: 400, logLevel: 'info', message: '%s' },
  EVENTS_ERR_UNKNOWN_TYPE: { statusCode: 400, logLevel: 'info', message: 'Unknown event type "%s"' },
  EVENTS_ERR_TIMESTAMP_IN_FUTURE: { statusCode: 400, logLevel: 'info', message: 'timestamp is %s s ahead of the server clock (at most %s s allowed)' },
  EVENTS_ERR_CONSENT_DENIED: { statusCode: 403, logLevel: 'info', message: 'The person has not consented to %s' },
  EVENTS_ERR_DUPLICATE_IN_BATCH: { statusCode: 400, logLevel: 'info', message: 'eventId %s appears earlier in the same batch' },
});
export type EventErrorCode = keyof typeof EventErrors;
export const eventError = errorFactory(EventErrors);
