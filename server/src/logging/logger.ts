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
      req: (req: { id: string; method: string; url: string; ip?: string }) => ({ id: req.id, method: req.method, url: req.url }),
    },
  };
}
