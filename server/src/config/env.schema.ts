import { Type, type Static } from 'typebox';

/**
 * Every environment variable Lockstep reads. Defaults live here and nowhere else;
 * `loadConfig()` validates `process.env` against this schema at boot.
 */
export const EnvSchema = Type.Object({
  NODE_ENV: Type.Union([Type.Literal('development'), Type.Literal('production'), Type.Literal('test')], { default: 'development' }),
  /** HTTP port of the API server. @defaultValue 3000 */
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  HOST: Type.String({ default: '127.0.0.1', minLength: 1 }),
  /** Public URL printed at start and used in links. Defaults to http://HOST:PORT */
  PUBLIC_URL: Type.Optional(Type.String({ pattern: '^https?://' })),
  /** External MongoDB; when unset the launcher starts embedded FerretDB and sets it. */
  MONGODB_URI: Type.String({ pattern: '^mongodb(\\+srv)?://', default: 'mongodb://127.0.0.1:27117/lockstep' }),
  /** External Redis; when unset the launcher starts embedded redis-server and sets it. */
  REDIS_URL: Type.String({ pattern: '^rediss?://', default: 'redis://127.0.0.1:6479' }),
  /** Prefix for every Redis key and BullMQ queue of this deployment (lets tests and deployments share a Redis). */
  REDIS_PREFIX: Type.String({ pattern: '^[a-zA-Z0-9_-]+$', default: 'lockstep' }),
  LOCKSTEP_DATA_DIR: Type.String({ default: '.data', minLength: 1 }),
  LOG_LEVEL: Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { default: 'info' }),
  /** Comma-separated allowed CORS origins; '*' for any; empty for none. */
  CORS_ORIGINS: Type.String({ default: '' }),
  /** Max request body in bytes. @defaultValue 1 MiB */
  BODY_LIMIT_BYTES: Type.Integer({ minimum: 1024, maximum: 64 * 1024 * 1024, default: 1024 * 1024 }),
  RATE_LIMIT_MAX: Type.Integer({ minimum: 1, default: 600 }),
  RATE_LIMIT_WINDOW_MS: Type.Integer({ minimum: 100, default: 60_000 }),
  /** Session lifetime in seconds. @defaultValue 12 h */
  SESSION_TTL_SECONDS: Type.Integer({ minimum: 60, default: 12 * 3600 }),
  /** Failed logins before backoff starts. */
  LOGIN_MAX_FAILURES: Type.Integer({ minimum: 1, maximum: 100, default: 5 }),
  /** Base lockout after LOGIN_MAX_FAILURES, doubled on every further failure. */
  LOGIN_LOCKOUT_SECONDS: Type.Integer({ minimum: 1, default: 30 }),
  /** Cookie secure flag; defaults to true when PUBLIC_URL is https. */
  COOKIE_SECURE: Type.Optional(Type.Boolean()),
  LOCKSTEP_ADMIN_EMAIL: Type.String({ format: 'email', default: 'admin@lockstep.local' }),
  LOCKSTEP_ADMIN_PASSWORD: Type.Optional(Type.String({ minLength: 10, maxLength: 200 })),
  LOCKSTEP_DEMO_PUBLISHABLE_KEY: Type.Optional(Type.String({ pattern: '^pk_[A-Za-z0-9_-]{16,120}$' })),
  /** Comma-separated plugin names to load; empty = every folder in plugins/. npm packages are named as `npm:<pkg>`. */
  LOCKSTEP_PLUGINS: Type.String({ default: '' }),
  LOCKSTEP_PLUGINS_DIR: Type.String({ default: 'plugins' }),
  /** Serve the built console from this folder at `/`. */
  CONSOLE_DIST_DIR: Type.String({ default: 'admin-ui/dist' }),
  /** Serve the built demo storefront from this folder at `/demo/`. */
  DEMO_DIST_DIR: Type.String({ default: 'demo/dist' }),
  /** Default BullMQ concurrency per queue; override per queue with WORKER_CONCURRENCY_<QUEUE> (e.g. WORKER_CONCURRENCY_CATALOG_IMPORT=4). */
  WORKER_CONCURRENCY: Type.Integer({ minimum: 1, maximum: 256, default: 4 }),
  /** Comma-separated capabilities a worker announces in addition to detected ones (e.g. 'gpu'). */
  WORKER_CAPABILITIES: Type.String({ default: '' }),
  /** Force a TensorFlow.js backend in workers (tensorflow-gpu, tensorflow, webgpu, wasm, cpu). */
  TFJS_BACKEND: Type.Optional(Type.Enum(['tensorflow-gpu', 'tensorflow', 'webgpu', 'wasm', 'cpu'])),
  /** Seconds after which a worker that stopped heartbeating is considered gone. */
  WORKER_HEARTBEAT_TTL_SECONDS: Type.Integer({ minimum: 2, default: 15 }),
  /** Most events accepted in one POST /v1/events batch. */
  EVENTS_MAX_BATCH: Type.Integer({ minimum: 1, maximum: 5000, default: 500 }),
  /** Client timestamps further ahead of the server clock than this are rejected. */
  EVENTS_MAX_FUTURE_SKEW_SECONDS: Type.Integer({ minimum: 0, default: 300 }),
  /** BullMQ stalled-job check: a job whose worker died is picked up again after about this long. */
  WORKER_STALLED_INTERVAL_MS: Type.Integer({ minimum: 1000, default: 30_000 }),
  /**
   * Master keyring of field encryption (JSON, mode 0600; created with a first key when missing). Back it up apart
   * from the database: a database backup alone must not be enough to read personal data. @defaultValue <LOCKSTEP_DATA_DIR>/keys/keyring.json
   */
  LOCKSTEP_KEYRING_PATH: Type.Optional(Type.String({ minLength: 1 })),
  /** How long unwrapped data keys stay in a process's memory; bounds how long a shredded person key may still be used elsewhere. */
  KEY_CACHE_TTL_MS: Type.Integer({ minimum: 0, maximum: 3_600_000, default: 60_000 }),
  /** Grace period for draining connections and jobs on SIGTERM. */
  SHUTDOWN_GRACE_MS: Type.Integer({ minimum: 0, default: 10_000 }),
});

export type Env = Static<typeof EnvSchema>;
