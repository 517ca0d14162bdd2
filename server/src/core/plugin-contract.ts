import type { FastifyInstance } from 'fastify';
import type { Job, Queue } from 'bullmq';
import type { Model } from 'mongoose';
import type { Logger } from 'pino';
import type { TSchema } from 'typebox';
import type { ModelSpec } from '../db/define-model.ts';
import type { UserRole } from '../models/core-models.ts';
import type { EventBus } from './event-bus.ts';
import type { PrivacyApi } from '../../../privacy/src/privacy-api.ts';
import type { EventsAccess, StoredEvent } from '../events/events-access.ts';
import type { PiiCategory } from '../db/pii.ts';

export type { EventsAccess, StoredEvent };

/** Who may be granted a plugin permission: tenant roles and the two kinds of API key. */
export type Grantee = Exclude<UserRole, 'owner'> | 'publishable' | 'secret';

/** A CASL subject a plugin adds, the actions on it, and which grantees get which actions by default. Owners get all. */
export interface PermissionDeclaration {
  subject: string;
  actions: string[];
  grants?: Partial<Record<Grantee, string[]>>;
  description?: string;
}

export interface JobContext {
  plugin: PluginContext;
  log: Logger;
}

export type JobProcessor<D = Record<string, unknown>, R = unknown> = (job: Job<D & { tenantId: string }, R>, ctx: JobContext, signal?: AbortSignal) => Promise<R>;

export interface JobDeclaration {
  /** Job name inside the queue, e.g. `import-products`. */
  name: string;
  /** Queue name; must start with `<plugin>-` and contain no ':'. */
  queue: string;
  /** Lazy import of the processor module (default export), so the API never loads worker-only code. */
  processor: () => Promise<{ default: JobProcessor<any, any> }>;
  /** Capabilities a worker needs to take this queue, e.g. ['tfjs'] or ['gpu']. */
  requires?: string[];
  /** Default concurrency; WORKER_CONCURRENCY_<QUEUE> overrides. @defaultValue WORKER_CONCURRENCY */
  concurrency?: number;
  /** Attempts before a job is kept as failed. @defaultValue 3 */
  attempts?: number;
  /** Exponential backoff base delay in ms. @defaultValue 1000 */
  backoffMs?: number;
  /** TypeBox schema of the payload, checked when enqueued. */
  payloadSchema?: TSchema;
}

/** Handles a batch of stored events of one tenant, in a worker (at-least-once: make it idempotent). */
export type EventHandler = (events: StoredEvent[], ctx: JobContext & { tenantId: string }) => Promise<unknown>;

/**
 * Shopper events a plugin consumes. After ingestion durably wrote a batch, the core adds one job per consuming
 * plugin (enabled for that tenant) to the plugin's own queue `<plugin>-events`, carrying the eventIds; a worker
 * loads the events and calls the handler. A slow or down plugin only grows its own queue: ingestion never waits
 * for it, and failed deliveries are retried with backoff like any job.
 */
export interface EventConsumerDeclaration {
  /** Event types to receive, or '*' for all (custom:* types included). */
  types: string[] | '*';
  /** Lazy import of the handler module (default export), loaded only in workers. */
  handler: () => Promise<{ default: EventHandler }>;
  requires?: string[];
  /** @defaultValue WORKER_CONCURRENCY */
  concurrency?: number;
  /** @defaultValue 5 */
  attempts?: number;
  /**
   * The processing purpose these events serve (e.g. 'personalisation'). Events of persons who have not granted it
   * are withheld from the handler: the core refuses the plugin data whose purpose the person did not grant.
   * @defaultValue 'necessary' (no consent needed)
   */
  purpose?: string;
}

export interface DataSubject {
  tenantId: string;
  personId: string;
  identifiers: Record<string, string[]>;
}

export interface PluginHooks {
  /** Once per tenant, the first time the plugin is enabled there. */
  onInstall?(ctx: PluginContext, tenantId: string): Promise<void>;
  onEnable?(ctx: PluginContext, tenantId: string): Promise<void>;
  onDisable?(ctx: PluginContext, tenantId: string): Promise<void>;
  /** After every plugin is registered, before the server listens. */
  onReady?(ctx: PluginContext): Promise<void>;
  /** On shutdown: close sockets, timers and queues. */
  onClose?(ctx: PluginContext): Promise<void>;
}

export interface DataSubjectHooks {
  export?(ctx: PluginContext, subject: DataSubject): Promise<unknown>;
  /**
   * Deletes (or pseudonymises) the subject's data; idempotent (an erasure request re-runs it after any failure).
   * `retrain` names the plugin's trained models that used the person's data: the privacy layer publishes
   * `privacy.retrain-needed` for each.
   */
  erase?(ctx: PluginContext, subject: DataSubject): Promise<{ deleted: number; pseudonymised?: number; retrain?: string[] }>;
}

export interface PluginDefinition<Config = Record<string, unknown>> {
  /** kebab-case, unique; also the route prefix `/api/plugins/<name>`, collection prefix `<name>_` (dashes → underscores) and queue prefix. */
  name: string;
  version: string;
  description?: string;
  /** Semver range of the core this plugin works with. */
  coreCompatibility: string;
  dependencies?: string[];
  /** Enabled for new tenants without an explicit choice. @defaultValue true */
  enabledByDefault?: boolean;
  permissions?: PermissionDeclaration[];
  /**
   * Processing purposes (privacy) this plugin relies on, e.g. 'personalisation'. Built-in purposes are necessary,
   * analytics, personalisation and marketing; any other name declares a new purpose tenants can ask consent for.
   */
  purposes?: string[];
  /** Personal-data categories the plugin processes (its models' declarations are added to these); the data inventory lists them. */
  dataCategories?: PiiCategory[];
  /** Part of the platform (the privacy layer): always enabled for every tenant, cannot be disabled. */
  required?: boolean;
  /** TypeBox schema of the per-tenant settings; defaults apply. */
  configSchema?: TSchema;
  /**
   * A subject from `permissions` whose `update` right also lets a principal change this plugin's settings (not
   * enable/disable it), e.g. merchants tuning identity merge rules. Without it only `update Plugin` may.
   */
  settingsSubject?: string;
  models?: ModelSpec[];
  routes?: (app: FastifyInstance, ctx: PluginContext) => Promise<void>;
  /**
   * Shopper-facing routes (storefronts, apps, the SDK), mounted under `/v1/<name>` behind the same per-tenant switch.
   * Routes opt in to publishable keys with `config.publishable` (and `keyInQuery` for sockets/SSE); every route still
   * declares `config.access`. API processes only.
   */
  publicRoutes?: (app: FastifyInstance, ctx: PluginContext) => Promise<void>;
  jobs?: JobDeclaration[];
  /** Shopper events this plugin consumes (delivered through its own queue). */
  events?: EventConsumerDeclaration;
  /**
   * The API this plugin offers to plugins that list it in `dependencies` (they reach it with `ctx.use(name)`);
   * the only way one plugin reads another's data.
   */
  provides?: (ctx: PluginContext) => unknown;
  /** Console resources this plugin contributes (react-admin resource names, as `<plugin>/<resource>`). */
  admin?: { resources: string[] };
  hooks?: PluginHooks;
  dataSubject?: DataSubjectHooks;
  /** Phantom: lets `definePlugin<Config>` type the settings. */
  readonly __config?: Config;
}

/** What a plugin may touch: its own models and queues, the bus, the privacy API and its logger. */
export interface PluginContext {
  readonly name: string;
  readonly log: Logger;
  readonly bus: EventBus;
  readonly privacy: PrivacyApi;
  /** The plugin's own models by name. No other plugin's models are reachable from here. */
  model<T = any>(name: string): Model<T>;
  /** Adds a job to one of the plugin's queues (tenantId is stamped into the payload). */
  enqueue(tenantId: string, jobName: string, payload: Record<string, unknown>, opts?: { jobId?: string }): Promise<Job>;
  queue(name: string): Queue;
  /** Per-tenant settings, validated against configSchema with defaults applied. */
  settings(tenantId: string): Promise<Record<string, unknown>>;
  isEnabled(tenantId: string): Promise<boolean>;
  /** The core's shopper events, per tenant (read, query, attribute to a person). */
  readonly events: EventsAccess;
  /**
   * Runs fn while holding a cluster-wide mutex named `<plugin>:<key>` (Redis; TTL-bounded), for multi-document
   * read-check-write sequences the store cannot make atomic.
   */
  withLock<T>(key: string, fn: () => Promise<T>, opts?: { ttlMs?: number; waitMs?: number }): Promise<T>;
  /** The API a dependency provides (see PluginDefinition.provides); only plugins listed in `dependencies`. */
  use<T = unknown>(plugin: string): T;
  /**
   * Only for `required` (platform) plugins, undefined for every other: every active plugin with its definition
   * (dataSubject hooks), context and provided API, every declared queue, and any compiled model by name (core's
   * included). The privacy layer's data-subject requests use it to reach all plugins without depending on them.
   */
  readonly platform?: PlatformAccess;
}

/** What a `required` plugin sees of the whole platform (PluginContext.platform). */
export interface PlatformAccess {
  plugins(): { name: string; definition: PluginDefinition; ctx: PluginContext; api: unknown }[];
  /** Every declared queue of every plugin (opened on demand). */
  queues(): Queue[];
  /** A compiled model of the core or of any plugin, by model name (e.g. `Event`, `ConsentRecord`). */
  model<T = any>(name: string): Model<T>;
  /** Every compiled model (key rotation re-encrypts the ones with encrypted fields). */
  models(): Model<any>[];
}

export function definePlugin<Config = Record<string, unknown>>(def: PluginDefinition<Config>): PluginDefinition<Config> {
  return def;
}
