import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import websocket from '@fastify/websocket';
import type { Connection } from 'mongoose';
import type { Redis } from 'ioredis';
import type { AppConfig } from './config/load-config.ts';
import { connectStore } from './db/connection.ts';
import { buildSchema, compileModel, piiDeclarations } from './db/define-model.ts';
import { pino } from 'pino';
import { createRedis } from './redis/connection.ts';
import { CORE_MODEL_SPECS } from './models/core-models.ts';
import { registerErrorHandling } from './errors/error-handler.ts';
import { loggerOptions } from './logging/logger.ts';
import { authPlugin } from './auth/auth.plugin.ts';
import { LoginThrottle } from './auth/login-throttle.ts';
import { CredentialCache, type Invalidation } from './auth/credential-cache.ts';
import { EventBus } from './core/event-bus.ts';
import { discoverPlugins, loadPlugins, type LoadedPlugin } from './core/plugin-loader.ts';
import { PluginHost } from './core/plugin-host.ts';
import { withBuiltins } from './core/builtin-plugins.ts';
import { PluginStateService } from './core/plugin-state.service.ts';
import { CORE_VERSION } from './core/version.ts';
import type { CoreServices } from './core/services.ts';
import { QueueRegistry } from './queues/queue-registry.ts';
import { WorkerRegistry } from './queues/worker-registry.ts';
import { Metrics } from './metrics/metrics.ts';
import { ErrorSchema } from './schemas/common.ts';
import { healthRoutes } from './routes/health.routes.ts';
import { authRoutes } from './routes/auth.routes.ts';
import { tenantRoutes } from './routes/tenants.routes.ts';
import { userRoutes } from './routes/users.routes.ts';
import { apiKeyRoutes } from './routes/api-keys.routes.ts';
import { pluginRoutes } from './routes/plugins.routes.ts';
import { jobRoutes } from './routes/jobs.routes.ts';
import { metricsRoutes } from './routes/metrics.routes.ts';
import { auditRoutes } from './routes/audit.routes.ts';
import { eventRoutes } from './events/events.routes.ts';
import { eventReadRoutes } from './events/events-read.routes.ts';
import { eventStreamRoutes } from './events/events-stream.ts';
import { consentPublicRoutes } from '../../privacy/src/consent/consent-public.routes.ts';
import { demoRoutes } from './routes/demo.routes.ts';
import { IngestService } from './events/ingest.service.ts';
import { eventsAccess } from './events/events-access.ts';
import { RedisLocks } from './redis/lock.ts';
import { connectPrivacy } from '../../privacy/src/connect.ts';
import { PiiRegistry } from '../../privacy/src/registry.ts';

export interface BuildOptions {
  /** Pre-loaded plugins (tests); otherwise discovered from config. */
  plugins?: LoadedPlugin[];
  /** Reuse connections (tests, benchmarks). */
  connection?: Connection;
  redis?: Redis;
  /** Serve the console if its build exists. @defaultValue true */
  serveConsole?: boolean;
  /** Serve the demo storefront at /demo if its build exists. @defaultValue true */
  serveDemo?: boolean;
  logger?: boolean;
}

/** Builds the API server: one function wires everything; main.ts only listens. */
export async function buildApp(config: AppConfig, opts: BuildOptions = {}): Promise<FastifyInstance> {
  const instanceId = randomUUID();
  const connection = opts.connection ?? (await connectStore(config.MONGODB_URI));
  const redis = opts.redis ?? createRedis(config.REDIS_URL, { name: 'lockstep-api' });
  const subscriber = createRedis(config.REDIS_URL, { name: 'lockstep-api-sub' });
  const bullConnection = createRedis(config.REDIS_URL, { forBullmq: true, name: 'lockstep-api-queues' });

  const registry = new PiiRegistry();
  const privacy = await connectPrivacy(connection, registry, { redis, redisPrefix: config.REDIS_PREFIX, keyringPath: config.keyringPath, keyCacheTtlMs: config.KEY_CACHE_TTL_MS });
  const models = Object.fromEntries(CORE_MODEL_SPECS.map((spec) => {
    const { model, pii } = compileModel(connection, spec);
    registry.add('core', pii);
    return [spec.name, model];
  })) as CoreServices['models'];

  const plugins = await withBuiltins(opts.plugins ?? (await loadPlugins(await discoverPlugins(config.LOCKSTEP_PLUGINS_DIR, config.plugins))));
  // Every field the core and the plugins declare as personal data is redacted from every log line.
  const pluginPii = plugins.filter((p) => p.status === 'active').flatMap((p) => (p.definition!.models ?? []).flatMap((s) => piiDeclarations(s, buildSchema(s))));
  const logger = pino(loggerOptions(opts.logger === false ? 'silent' : config.LOG_LEVEL, [...registry.redactPaths(), ...PiiRegistry.redactPathsOf(pluginPii)]));
  const app = Fastify({
    loggerInstance: logger,
    bodyLimit: config.BODY_LIMIT_BYTES,
    genReqId: (req) => (typeof req.headers['x-request-id'] === 'string' && /^[\w-]{1,64}$/.test(req.headers['x-request-id']) ? req.headers['x-request-id'] : randomUUID()),
    requestIdHeader: false,
    forceCloseConnections: 'idle',
    trustProxy: false,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: true }, plugins: [(await import('ajv-formats')).default as any] },
  }) as unknown as FastifyInstance;

  const bus = new EventBus(redis, subscriber, config.REDIS_PREFIX, instanceId, (err) => app.log.error({ err }, 'event bus handler failed'));
  const queues = new QueueRegistry(bullConnection, config.REDIS_PREFIX);
  const states = new PluginStateService(models.PluginState, () => plugins);
  const host = new PluginHost(plugins, { connection, bus, privacy, queues, states, log: app.log as any, events: eventsAccess(models.Event), locks: new RedisLocks(redis, config.REDIS_PREFIX) });
  host.init();
  for (const p of plugins.filter((x) => x.status === 'failed')) app.log.error({ plugin: p.name, error: p.error }, 'plugin failed to load; isolated');

  const metrics = new Metrics();
  const credentials = new CredentialCache();
  bus.subscribe<Invalidation>('auth.invalidate', (e) => { credentials.invalidate(e.payload); });
  const services: CoreServices = {
    config, connection, redis, models, bus, host, states, queues, privacy, metrics, instanceId,
    async invalidateCredentials(what) {
      credentials.invalidate(what);
      await bus.publish('auth.invalidate', '', what);
    },
    workers: new WorkerRegistry(redis, config.REDIS_PREFIX, config.WORKER_HEARTBEAT_TTL_SECONDS),
    throttle: new LoginThrottle(redis, config.REDIS_PREFIX, config.LOGIN_MAX_FAILURES, config.LOGIN_LOCKOUT_SECONDS),
  };
  app.decorate('lockstep', services);

  app.addSchema(ErrorSchema);
  registerErrorHandling(app);
  // JSON only (415 otherwise): text/plain is a CORS "simple" type, so a cross-site page could post it with the
  // console's cookie. POST /v1/events re-adds it in its own context for sendBeacon (events/events.routes.ts).
  app.removeContentTypeParser('text/plain');
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.httpDuration.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-request-id', request.id);
    return payload;
  });
  bus.subscribe<{ plugin: string }>('plugin.toggled', (e) => states.invalidate(e.tenantId));

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'", "'unsafe-inline'"], imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'", 'ws:', 'wss:'], fontSrc: ["'self'", 'data:'], objectSrc: ["'none'"], frameAncestors: ["'none'"],
        upgradeInsecureRequests: config.publicUrl.startsWith('https://') ? [] : null,
      },
    },
  });
  await app.register(cors, {
    origin: config.corsOrigins === '*' ? true : config.corsOrigins.length ? config.corsOrigins : false,
    credentials: true,
    exposedHeaders: ['Content-Range', 'x-request-id'],
  });
  await app.register(cookie);
  await app.register(rateLimit, {
    global: true,
    max: config.RATE_LIMIT_MAX,
    timeWindow: config.RATE_LIMIT_WINDOW_MS,
    redis,
    nameSpace: `${config.REDIS_PREFIX}:rl:`,
    skipOnError: false,
    // The auth hook (app-level onRequest, raising credential errors only in preParsing) ran before this
    // route-level one: verified API keys (Bearer or a beacon's ?key=) count per key, everything else per address,
    // so made-up keys get no fresh budget.
    keyGenerator: (request) => (request.principal?.kind === 'apiKey' ? `key:${request.principal.keyId}` : `ip:${request.ip}`),
    errorResponseBuilder: (_request, context) => Object.assign(new Error(`${Math.ceil(context.ttl / 1000)} s (limit ${context.max} per ${context.after})`), { statusCode: 429, headers: { 'retry-after': String(Math.ceil(context.ttl / 1000)) } }),
  });
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Lockstep API', version: CORE_VERSION, description: 'Core and plugin routes. Every error is {statusCode, code, error, message, details?, requestId}; codes are listed in docs/errors.md.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, session: { type: 'apiKey', in: 'cookie', name: 'lockstep_session' } } },
      security: [{ bearer: [] }, { session: [] }],
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true, uiConfig: { docExpansion: 'list' } });
  await app.register(authPlugin, { ...models, users: models.User, sessions: models.Session, apiKeys: models.ApiKey, tenants: models.Tenant, permissions: () => host.permissions(), cache: credentials });

  await app.register(healthRoutes);
  await app.register(metricsRoutes);
  await app.register(authRoutes);
  await app.register(tenantRoutes);
  await app.register(userRoutes);
  await app.register(apiKeyRoutes);
  await app.register(pluginRoutes);
  await app.register(jobRoutes);
  await app.register(auditRoutes);
  await app.register(eventRoutes, { service: new IngestService(models.Event, privacy, bus, { maxFutureSkewSeconds: config.EVENTS_MAX_FUTURE_SKEW_SECONDS }, (tenantId, batch) => host.dispatchEvents(tenantId, batch)), maxBatch: config.EVENTS_MAX_BATCH });
  await app.register(eventReadRoutes);
  await app.register(eventStreamRoutes);
  await app.register(consentPublicRoutes);
  await host.registerRoutes(app);
  if (opts.serveDemo !== false) await app.register(demoRoutes, { root: config.DEMO_DIST_DIR, publishableKey: config.LOCKSTEP_DEMO_PUBLISHABLE_KEY });

  const dist = path.resolve(config.CONSOLE_DIST_DIR);
  if (opts.serveConsole !== false && existsSync(path.join(dist, 'index.html'))) {
    await app.register(fastifyStatic, { root: dist, prefix: '/', wildcard: false, index: ['index.html'], maxAge: '1h', setHeaders: (res, file) => { if (file.endsWith('index.html')) res.setHeader('cache-control', 'no-cache'); } });
  }

  app.addHook('onReady', async () => {
    await bus.start();
    await host.runHook('onReady');
    for (const p of plugins) metrics.pluginStatus.set({ plugin: p.name }, p.status === 'active' ? 1 : 0);
  });
  app.addHook('onClose', async () => {
    await host.runHook('onClose');
    await bus.close();
    await queues.close();
    await Promise.allSettled([subscriber.quit(), bullConnection.quit()]);
    if (!opts.redis) await redis.quit().catch(() => undefined);
    if (!opts.connection) await connection.close();
  });
  return app;
}
