import type { LoggerOptions } from 'pino';

/** Paths always redacted: credentials and session material (GrowthBook's list) plus login bodies. */
export const BASE_REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'password',
  '*.password',
  'passwordHash',
  '*.passwordHash',
  'token',
  '*.token',
  'key',
  '*.key',
];

/** Query parameters that carry credentials (`?key=` of sendBeacon requests): their values never reach a log line. */
const SECRET_QUERY = /([?&](?:key|token|access_token)=)[^&#]*/gi;

/** The URL as logged: credential query values replaced, the rest kept for debugging. */
export function redactUrl(url: string | undefined): string | undefined {
  return typeof url === 'string' && url.includes('?') ? url.replace(SECRET_QUERY, '$1[REDACTED]') : url;
}

/**
 * pino options for the API and the workers. `piiPaths` come from the privacy registry (every field a plugin
 * declared as personal data), so declared PII never reaches a log line.
 */
export function loggerOptions(level: string, piiPaths: string[] = []): LoggerOptions {
  const pii = piiPaths.flatMap((p) => [p, `*.${p}`, `body.${p}`, `data.${p}`]);
  return {
    level,
    redact: { paths: [...new Set([...BASE_REDACT_PATHS, ...pii])], censor: '[REDACTED]' },
    serializers: {
      req: (req: { id: string; method: string; url?: string; ip?: string }) => ({ id: req.id, method: req.method, url: redactUrl(req.url) }),
    },
  };
}
