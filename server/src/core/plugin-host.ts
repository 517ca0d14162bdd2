import type { FastifyInstance } from 'fastify';
import type { Connection, Model } from 'mongoose';
import type { Logger } from 'pino';
import { Compile } from 'typebox/compile';
import type { JobDeclaration, JobProcessor, PlatformAccess, PluginContext, PluginDefinition, PermissionDeclaration } from './plugin-contract.ts';
import type { EventsAccess } from '../events/events-access.ts';
import type { RedisLocks } from '../redis/lock.ts';
import type { LoadedPlugin } from './plugin-loader.ts';
import type { EventBus } from './event-bus.ts';
import type { PluginStateService } from './plugin-state.service.ts';
import type { QueueRegistry } from '../queues/queue-registry.ts';
import type { PrivacyApi } from '../../../privacy/src/privacy-api.ts';
import { compileModel } from '../db/define-model.ts';
import { coreError } from '../errors/app-error.ts';
import { consentedEvents, consentFilteredEvents, processingPurposes } from '../events/events-consent.ts';
import { auditedEvents } from '../events/events-audited.ts';
import { PluginAccessLog } from '../../../privacy/src/audit/plugin-access-log.ts';

export interface PluginHostDeps {
  connection: Connection;
  bus: EventBus;
  privacy: PrivacyApi;
  queues: QueueRegistry;
  states: PluginStateService;
  log: Logger;
  events: EventsAccess;
  locks: RedisLocks;
}

/** Job name and queue of a plugin's event deliveries. */
export const DELIVER_EVENTS_JOB = 'deliver-events';
export const eventsQueueOf = (plugin: string): string => `${plugin}-events`;

/** The job that carries eventIds to a plugin's event handler (see EventConsumerDeclaration). */
function eventDeliveryJob(plugin: string, definition: PluginDefinition, events: EventsAccess, privacy: PrivacyApi, access: PluginAccessLog): JobDeclaration {
  const consumer = definition.events!;
  const purposes = consumer.purpose && consumer.purpose !== 'necessary' ? [consumer.purpose] : [];
  const processor: JobProcessor<{ eventIds: string[] }> = async (job, ctx) => {
    const { default: handle } = await consumer.handler();
    const loaded = await events.byIds(job.data.tenantId, job.data.eventIds);
    // Consent is checked at delivery, not at dispatch: a withdrawal stops processing of events still queued.
    const stored = await consentedEvents(privacy, job.data.tenantId, loaded, purposes);
    access.note(job.data.tenantId, plugin, stored, loaded.length - stored.length);
    if (stored.length) await handle(stored, { ...ctx, tenantId: job.data.tenantId });
    return { delivered: stored.length, withheld: loaded.length - stored.length };
  };
  return {
    name: DELIVER_EVENTS_JOB, queue: eventsQueueOf(plugin), processor: async () => ({ default: processor }),
    requires: consumer.requires, concurrency: consumer.concurrency, attempts: consumer.attempts ?? 5, backoffMs: 500,
  };
}
/**
 * Turns loaded plugin definitions into running plugins: compiles their models (registering PII declarations),
 * declares their queues and builds each one's narrow context. Used by the API and by the workers.
 */
export class PluginHost {
  readonly contexts = new Map<string, PluginContext>();

  /** Plugin reads of shoppers' events, written to the audit log once a minute per tenant and plugin. */
  readonly access: PluginAccessLog;

  constructor(readonly plugins: LoadedPlugin[], private readonly deps: PluginHostDeps) {
    this.access = new PluginAccessLog(deps.privacy.audit, (err) => deps.log.warn({ err }, 'plugin access audit failed'));
  }

  active(): { name: string; definition: PluginDefinition }[] {
    return this.plugins.filter((p) => p.status === 'active').map((p) => ({ name: p.name, definition: p.definition! }));
  }

  permissions(): PermissionDeclaration[] {
    return this.active().flatMap((p) => p.definition.permissions ?? []);
  }

  fail(name: string, err: unknown): void {
    const p = this.plugins.find((x) => x.name === name);
    if (p) Object.assign(p, { status: 'failed', error: `plugin "${name}" failed: ${(err as Error).message}` });
    this.deps.log.error({ plugin: name, err }, 'plugin failed; isolated');
  }

  /** Compiles models and declares queues; a plugin that throws here is marked failed and skipped. */
  init(): void {
    for (const { name, definition } of this.active()) {
      try {
        const models = new Map<string, Model<any>>();
        for (const spec of definition.models ?? []) {
          const { model, pii } = compileModel(this.deps.connection, spec);
          models.set(spec.name, model);
          this.deps.privacy.registry.add(name, pii);
        }
        for (const job of definition.jobs ?? []) this.deps.queues.declare(name, job);
        if (definition.events) this.deps.queues.declare(name, eventDeliveryJob(name, definition, this.deps.events, this.deps.privacy, this.access));
        this.contexts.set(name, this.#context(name, definition, models));
      } catch (err) {
        this.fail(name, err);
      }
    }
    this.#provide();
  }

  #context(name: string, definition: PluginDefinition, models: Map<string, Model<any>>): PluginContext {
    const { bus, privacy, queues, states } = this.deps;
    const log = this.deps.log.child({ plugin: name });
    const ownQueues = new Set((definition.jobs ?? []).map((j) => j.queue));
    if (definition.events) ownQueues.add(eventsQueueOf(name));
    const deps = new Set(definition.dependencies ?? []);
    const host = this;
    const payloadCheckers = new Map((definition.jobs ?? []).filter((j) => j.payloadSchema).map((j) => [j.name, Compile(j.payloadSchema!)]));
    return Object.freeze({
      name,
      log,
      bus,
      privacy,
      model(modelName: string) {
        const m = models.get(modelName);
        if (!m) throw new Error(`plugin "${name}" has no model "${modelName}" (a plugin reaches only its own models)`);
        return m;
      },
      queue(queueName: string) {
        if (!ownQueues.has(queueName)) throw new Error(`plugin "${name}" does not declare queue "${queueName}"`);
        return queues.get(queueName);
      },
      async enqueue(tenantId: string, jobName: string, payload: Record<string, unknown>, opts?: { jobId?: string }) {
        const decl = (definition.jobs ?? []).find((j) => j.name === jobName);
        if (!decl) throw new Error(`plugin "${name}" declares no job "${jobName}"`);
        const checker = payloadCheckers.get(jobName);
        if (checker && !checker.Check(payload)) {
          const details = checker.Errors(payload).map((e) => ({ field: `payload${e.instancePath.replace(/\//g, '.')}`, message: e.message }));
          throw coreError('CORE_ERR_VALIDATION', [details.map((d) => `${d.field} ${d.message}`).join('; ')], details);
        }
        return queues.get(decl.queue).add(jobName, { ...payload, tenantId }, { jobId: opts?.jobId, attempts: decl.attempts ?? 3, backoff: { type: 'exponential', delay: decl.backoffMs ?? 1000 } });
      },
      settings: (tenantId: string) => states.settings(tenantId, name),
      isEnabled: (tenantId: string) => states.isEnabled(tenantId, name),
      events: auditedEvents(consentFilteredEvents(this.deps.events, privacy, processingPurposes(definition)), (tenantId, read) => this.access.note(tenantId, name, read)),
      withLock: <T>(key: string, fn: () => Promise<T>, opts?: { ttlMs?: number; waitMs?: number }) => this.deps.locks.with(`${name}:${key}`, fn, opts),
      use<T>(other: string): T {
        if (!deps.has(other)) throw new Error(`plugin "${name}" uses "${other}" without listing it in dependencies`);
        const api = host.#provided.get(other);
        if (api === undefined) throw new Error(`plugin "${other}" provides no API (or failed to load)`);
        return api as T;
      },
      ...(definition.required ? { platform: this.#platform() } : {}),
    });
  }

  /** PluginContext.platform of a `required` plugin: every plugin, queue and model, read when called. */
  #platform(): PlatformAccess {
    return {
      plugins: () => this.active().filter((p) => this.contexts.has(p.name)).map((p) => ({ ...p, ctx: this.contexts.get(p.name)!, api: this.#provided.get(p.name) })),
      queues: () => this.deps.queues.declared().map((q) => this.deps.queues.get(q.name)),
      model: (modelName: string) => {
        const m = this.deps.connection.models[modelName];
        if (!m) throw new Error(`no model "${modelName}" is compiled`);
        return m;
      },
      models: () => Object.values(this.deps.connection.models),
    };
  }

  readonly #provided = new Map<string, unknown>();

  /** Builds each plugin's provided API in dependency order (a failing provider fails its plugin). */
  #provide(): void {
    for (const { name, definition } of this.active()) {
      if (!definition.provides) continue;
      const ctx = this.contexts.get(name);
      if (!ctx) continue;
      try {
        this.#provided.set(name, definition.provides(ctx));
      } catch (err) {
        this.fail(name, err);
      }
    }
  }

  /**
   * Hands a durably written batch to every consuming plugin enabled for the tenant: one job per plugin on its
   * own queue. Throws when a queue cannot take the job (Redis down), so the client retries the (idempotent) batch.
   */
  async dispatchEvents(tenantId: string, batch: { eventId: string; type: string }[]): Promise<number> {
    let jobs = 0;
    for (const { name, definition } of this.active()) {
      const consumer = definition.events;
      if (!consumer || !this.contexts.has(name)) continue;
      const ids = consumer.types === '*' ? batch.map((e) => e.eventId) : batch.filter((e) => (consumer.types as string[]).includes(e.type)).map((e) => e.eventId);
      if (!ids.length || !(await this.deps.states.isEnabled(tenantId, name))) continue;
      await this.deps.queues.get(eventsQueueOf(name)).add(DELIVER_EVENTS_JOB, { tenantId, eventIds: ids });
      jobs++;
    }
    return jobs;
  }

  /**
   * Mounts each active plugin's routes, encapsulated under /api/plugins/<name>, and its shopper-facing routes under
   * /v1/<name>, both behind the per-tenant switch.
   */
  async registerRoutes(app: FastifyInstance): Promise<void> {
    for (const { name, definition } of this.active()) {
      const ctx = this.contexts.get(name);
      if (!ctx) continue;
      for (const [register, prefix] of [[definition.routes, `/api/plugins/${name}`], [definition.publicRoutes, `/v1/${name}`]] as const) {
        if (!register) continue;
        try {
          await app.register(async (scope) => {
            scope.addHook('preHandler', async (request) => {
              if ((request.routeOptions.config as { public?: boolean } | undefined)?.public) return; // CORS preflights
              const p = this.plugins.find((x) => x.name === name)!;
              if (p.status === 'failed') throw coreError('CORE_ERR_PLUGIN_FAILED', [name], { error: p.error });
              if (!request.principal) throw coreError('CORE_ERR_UNAUTHENTICATED', ['send a session cookie or Authorization: Bearer <token|key>']);
              if (!(await this.deps.states.isEnabled(request.principal.tenantId, name))) throw coreError('CORE_ERR_PLUGIN_DISABLED', [name]);
            });
            // Errors inside an encapsulated plugin would fail the whole app at ready(); isolate them here instead.
            try {
              await register(scope, ctx);
            } catch (err) {
              this.fail(name, err);
            }
          }, { prefix });
        } catch (err) {
          this.fail(name, err);
        }
      }
    }
  }

  async runHook(hook: 'onReady' | 'onClose'): Promise<void> {
    if (hook === 'onClose') await this.access.close().catch((err) => this.deps.log.warn({ err }, 'plugin access audit failed'));
    for (const { name, definition } of this.active()) {
      const fn = definition.hooks?.[hook];
      if (!fn) continue;
      try {
        await fn(this.contexts.get(name)!);
      } catch (err) {
        if (hook === 'onReady') this.fail(name, err);
        else this.deps.log.error({ plugin: name, err }, 'plugin onClose failed');
      }
    }
  }

  async runTenantHook(name: string, hook: 'onInstall' | 'onEnable' | 'onDisable', tenantId: string): Promise<void> {
    const p = this.active().find((x) => x.name === name);
    const fn = p?.definition.hooks?.[hook];
    if (fn) await fn(this.contexts.get(name)!, tenantId);
  }
}
