/**
 * The core's error catalogue: every error the core answers with is defined here once
 * (code = key, HTTP status, log level, message template). Plugins keep their own catalogue with their own
 * prefix and build errors with the same `defineErrors` helper. docs/errors.md lists every code;
 * test/unit/errors-catalog.test.ts checks both agree.
 */
export type LogLevel = 'info' | 'warn' | 'error';

export interface ErrorDefinition {
  readonly statusCode: number;
  readonly message: string;
  readonly logLevel: LogLevel;
}

export function defineErrors<const T extends Record<string, ErrorDefinition>>(prefix: string, defs: T): T {
  for (const key of Object.keys(defs)) {
    if (!key.startsWith(`${prefix}_ERR_`)) throw new Error(`Error code ${key} must start with ${prefix}_ERR_`);
  }
  return Object.freeze(defs);
}

export const CoreErrors = defineErrors('CORE', {
  CORE_ERR_VALIDATION: { statusCode: 400, logLevel: 'info', message: 'The request is invalid: %s' },
  CORE_ERR_INVALID_JSON: { statusCode: 400, logLevel: 'info', message: 'The request body is not valid JSON: %s' },
  CORE_ERR_INVALID_ID: { statusCode: 400, logLevel: 'info', message: 'Not a valid id: %s' },
  CORE_ERR_INVALID_LIST_QUERY: { statusCode: 400, logLevel: 'info', message: 'Invalid list query parameter %s' },
  CORE_ERR_UNAUTHENTICATED: { statusCode: 401, logLevel: 'info', message: 'Authentication required: %s' },
  CORE_ERR_INVALID_CREDENTIALS: { statusCode: 401, logLevel: 'info', message: 'Email or password is incorrect' },
  CORE_ERR_INVALID_API_KEY: { statusCode: 401, logLevel: 'info', message: 'The API key is unknown or malformed' },
  CORE_ERR_SECRET_KEY_IN_URL: { statusCode: 400, logLevel: 'warn', message: 'Only publishable keys (pk_…) may be sent as ?key=; send a secret key as Authorization: Bearer <key> from a server, and rotate it: URLs get logged' },
  CORE_ERR_API_KEY_REVOKED: { statusCode: 401, logLevel: 'info', message: 'The API key was revoked' },
  CORE_ERR_SESSION_EXPIRED: { statusCode: 401, logLevel: 'info', message: 'The session expired or was ended; log in again' },
  CORE_ERR_FORBIDDEN: { statusCode: 403, logLevel: 'info', message: 'Not allowed: %s' },
  CORE_ERR_TENANT_FORBIDDEN: { statusCode: 403, logLevel: 'warn', message: 'This principal cannot act in tenant %s' },
  CORE_ERR_TENANT_SUSPENDED: { statusCode: 403, logLevel: 'info', message: 'Tenant %s is suspended: its users and API keys are refused until a platform owner reactivates it' },
  CORE_ERR_NOT_FOUND: { statusCode: 404, logLevel: 'info', message: '%s not found' },
  CORE_ERR_ROUTE_NOT_FOUND: { statusCode: 404, logLevel: 'info', message: 'No route %s' },
  CORE_ERR_PLUGIN_DISABLED: { statusCode: 404, logLevel: 'info', message: 'Plugin %s is not enabled for this tenant' },
  CORE_ERR_PLUGIN_REQUIRED: { statusCode: 409, logLevel: 'info', message: 'Plugin %s is part of the platform and cannot be disabled' },
  CORE_ERR_PLUGIN_FAILED: { statusCode: 503, logLevel: 'warn', message: 'Plugin %s failed to load and cannot serve requests' },
  CORE_ERR_CONFLICT: { statusCode: 409, logLevel: 'info', message: 'Conflict: %s' },
  CORE_ERR_DUPLICATE: { statusCode: 409, logLevel: 'info', message: 'A record with this %s already exists' },
  CORE_ERR_BODY_TOO_LARGE: { statusCode: 413, logLevel: 'info', message: 'The request body exceeds the limit of %s bytes' },
  CORE_ERR_UNSUPPORTED_MEDIA_TYPE: { statusCode: 415, logLevel: 'info', message: 'Unsupported content type %s; send application/json' },
  CORE_ERR_RATE_LIMITED: { statusCode: 429, logLevel: 'info', message: 'Too many requests; retry in %s' },
  CORE_ERR_LOGIN_LOCKED: { statusCode: 429, logLevel: 'warn', message: 'Too many failed logins for this account; retry in %s seconds' },
  CORE_ERR_INTERNAL: { statusCode: 500, logLevel: 'error', message: 'An unexpected error occurred; quote the requestId when reporting it' },
  CORE_ERR_DEPENDENCY_DOWN: { statusCode: 503, logLevel: 'error', message: '%s is unavailable' },
  CORE_ERR_JOB_NOT_RETRYABLE: { statusCode: 409, logLevel: 'info', message: 'Job %s is %s; only failed jobs can be retried' },
  CORE_ERR_QUEUE_UNKNOWN: { statusCode: 404, logLevel: 'info', message: 'Queue %s is not declared by any loaded plugin' },
});

export type CoreErrorCode = keyof typeof CoreErrors;
