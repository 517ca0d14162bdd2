import type { FastifyInstance } from 'fastify';
import type { Connection, Model } from 'mongoose';
import type { Logger } from 'pino';
import { Compile } from 'typebox/compile';
import type { PluginContext, PluginDefinition, PermissionDeclaration } from './plugin-contract.ts';
import type { LoadedPlugin } from './plugin-loader.ts';
import type { EventBus } from './event-bus.ts';
import type { PluginStateService } from './plugin-state.service.ts';
import type { QueueRegistry } from '../queues/queue-registry.ts';
import type { PrivacyApi } from '../../../privacy/src/privacy-api.ts';
import { compileModel } from '../db/define-model.ts';
import { coreError } from '../errors/app-error.ts';

export interface PluginHostDeps {
  connection: Connection;
  bus: EventBus;
  privacy: PrivacyApi;
  queues: QueueRegistry;
  states: PluginStateService;
  log: Logger;
}

/**
 * Turns loaded plugin definitions into running plugins: compiles their models (registering PII declarations),
 * declares their queues and builds each one's narrow context. Used by the API and by the workers.
 */
export class PluginHost {
  readonly contexts = new Map<string, PluginContext>();

  constructor(readonly plugins: LoadedPlugin[], private readonly deps: PluginHostDeps) {}

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
        this.contexts.set(name, this.#context(name, definition, models));
      } catch (err) {
        this.fail(name, err);
      }
    }
  }

  #context(name: string, definition: PluginDefinition, models: Map<string, Model<any>>): PluginContext {
    const { bus, privacy, queues, states } = this.deps;
    const log = this.deps.log.child({ plugin: name });
    const ownQueues = new Set((definition.jobs ?? []).map((j) => j.queue));
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
    });
  }

  /** Mounts each active plugin's routes, encapsulated under /api/plugins/<name>, behind the per-tenant switch. */
  async registerRoutes(app: FastifyInstance): Promise<void> {
    for (const { name, definition } of this.active()) {
      const ctx = this.contexts.get(name);
      if (!ctx || !definition.routes) continue;
      try {
        await app.register(async (scope) => {
          scope.addHook('preHandler', async (request) => {
            const p = this.plugins.find((x) => x.name === name)!;
            if (p.status === 'failed') throw coreError('CORE_ERR_PLUGIN_FAILED', [name], { error: p.error });
            if (!request.principal) throw coreError('CORE_ERR_UNAUTHENTICATED', ['send a session cookie or Authorization: Bearer <token|key>']);
            if (!(await this.deps.states.isEnabled(request.principal.tenantId, name))) throw coreError('CORE_ERR_PLUGIN_DISABLED', [name]);
          });
          // Errors inside an encapsulated plugin would fail the whole app at ready(); isolate them here instead.
          try {
            await definition.routes!(scope, ctx);
          } catch (err) {
            this.fail(name, err);
          }
        }, { prefix: `/api/plugins/${name}` });
      } catch (err) {
        this.fail(name, err);
      }
    }
  }

  async runHook(hook: 'onReady' | 'onClose'): Promise<void> {
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
