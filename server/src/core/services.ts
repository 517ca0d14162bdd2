import type { Connection, Model } from 'mongoose';
import type { Redis } from 'ioredis';
import type { AppConfig } from '../config/load-config.ts';
import type { EventBus } from './event-bus.ts';
import type { PluginHost } from './plugin-host.ts';
import type { PluginStateService } from './plugin-state.service.ts';
import type { QueueRegistry } from '../queues/queue-registry.ts';
import type { WorkerRegistry } from '../queues/worker-registry.ts';
import type { LoginThrottle } from '../auth/login-throttle.ts';
import type { PrivacyApi } from '../../../privacy/src/privacy-api.ts';
import type { Metrics } from '../metrics/metrics.ts';
import type { Invalidation } from '../auth/credential-cache.ts';

/** Everything the core's routes use, built once in buildApp and exposed as `app.lockstep`. */
export interface CoreServices {
  config: AppConfig;
  connection: Connection;
  redis: Redis;
  models: { Tenant: Model<any>; User: Model<any>; Session: Model<any>; ApiKey: Model<any>; PluginState: Model<any>; Event: Model<any> };
  bus: EventBus;
  host: PluginHost;
  states: PluginStateService;
  queues: QueueRegistry;
  workers: WorkerRegistry;
  throttle: LoginThrottle;
  privacy: PrivacyApi;
  metrics: Metrics;
  instanceId: string;
  /** Drops cached credentials here and on every instance (logout, key revoke, role change). */
  invalidateCredentials(what: Invalidation): Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    lockstep: CoreServices;
  }
}
