import path from 'node:path';
import { Compile } from 'typebox/compile';
import { Value } from 'typebox/value';
import { EnvSchema, type Env } from './env.schema.ts';

export interface AppConfig extends Env {
  readonly publicUrl: string;
  /** LOCKSTEP_KEYRING_PATH or its default under the data folder. */
  readonly keyringPath: string;
  readonly corsOrigins: string[] | '*';
  readonly cookieSecure: boolean;
  readonly plugins: string[];
  readonly workerCapabilities: string[];
  /** Per-queue concurrency overrides read from WORKER_CONCURRENCY_<QUEUE>. */
  readonly queueConcurrency: Record<string, number>;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
  readonly code = 'CORE_ERR_CONFIG';
  constructor(readonly variable: string, message: string) {
    super(`Invalid configuration: ${variable} ${message}`);
  }
}

const BOOLEAN_VARS = new Set(['COOKIE_SECURE']);
const validator = Compile(EnvSchema);
const keys = Object.keys(EnvSchema.properties) as (keyof Env)[];

/**
 * Reads and validates every environment variable in one place. The only module that touches `process.env`
 * (besides the launcher scripts). Throws ConfigError naming the first bad variable.
 */
export function loadConfig(source: NodeJS.ProcessEnv = process.env, overrides: Partial<Env> = {}): AppConfig {
  const raw: Record<string, unknown> = {};
  for (const key of keys) {
    const value = source[key];
    if (value === undefined || value === '') continue;
    raw[key] = coerce(key, value);
  }
  Object.assign(raw, overrides);
  const withDefaults = Value.Default(EnvSchema, raw) as Record<string, unknown>;
  const errors = validator.Errors(withDefaults);
  const first = errors[0];
  if (first) {
    const variable = first.instancePath.replace(/^\//, '') || String((first.params as { requiredProperties?: string[] }).requiredProperties?.[0] ?? 'environment');
    // Enums and unions of literals: list what is allowed instead of "must be equal to constant".
    const allowed = errors.filter((e) => e.instancePath === first.instancePath).flatMap((e) => {
      const p = e.params as { allowedValues?: unknown[]; allowedValue?: unknown };
      return p.allowedValues ?? ('allowedValue' in p ? [p.allowedValue] : []);
    });
    throw new ConfigError(variable, `${allowed.length ? `must be one of: ${allowed.join(', ')}` : first.message} (got ${shown(variable, raw[variable])})`);
  }
  const env = withDefaults as Env;
  const queueConcurrency: Record<string, number> = {};
  for (const [name, value] of Object.entries(source)) {
    const m = /^WORKER_CONCURRENCY_([A-Z0-9_]+)$/.exec(name);
    if (!m || value === undefined || value === '') continue;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > 256) throw new ConfigError(name, `must be an integer from 1 to 256 (got ${JSON.stringify(value)})`);
    queueConcurrency[m[1].toLowerCase().replace(/_/g, '-')] = n;
  }
  const publicUrl = env.PUBLIC_URL ?? `http://${env.HOST === '0.0.0.0' ? '127.0.0.1' : env.HOST}:${env.PORT}`;
  const cors = env.CORS_ORIGINS.trim();
  return Object.freeze({
    ...env,
    publicUrl,
    keyringPath: env.LOCKSTEP_KEYRING_PATH ?? path.join(env.LOCKSTEP_DATA_DIR, 'keys', 'keyring.json'),
    corsOrigins: cors === '*' ? '*' : split(cors),
    cookieSecure: env.COOKIE_SECURE ?? publicUrl.startsWith('https://'),
    plugins: split(env.LOCKSTEP_PLUGINS),
    workerCapabilities: split(env.WORKER_CAPABILITIES),
    queueConcurrency,
  });
}

const SECRET_VARS = new Set(['LOCKSTEP_ADMIN_PASSWORD']);

/** The offending value for the error message, without secrets: passwords hidden, URL credentials masked. */
function shown(variable: string, value: unknown): string {
  if (SECRET_VARS.has(variable)) return 'a hidden value';
  return JSON.stringify(typeof value === 'string' ? value.replace(/\/\/[^/@\s]*@/, '//***@') : (value ?? null));
}

function split(value: string): string[] {
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}

function coerce(key: string, value: string): unknown {
  const schema = (EnvSchema.properties as Record<string, { type?: string }>)[key];
  if (schema.type === 'integer' || schema.type === 'number') {
    const n = Number(value);
    return Number.isFinite(n) && value.trim() !== '' ? n : value;
  }
  if (BOOLEAN_VARS.has(key)) {
    if (/^(1|true|yes)$/i.test(value)) return true;
    if (/^(0|false|no)$/i.test(value)) return false;
  }
  return value;
}
