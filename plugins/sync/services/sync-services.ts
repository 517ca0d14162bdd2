import type { FastifyInstance } from 'fastify';
import type { PluginContext } from '../../../server/src/core/plugin-contract.ts';
import { createRedis } from '../../../server/src/redis/connection.ts';
import type { CatalogApi } from '../../catalog/services/catalog-api.ts';
import type { IdentityApi } from '../../identity/types.ts';
import { SyncHub } from '../hub/sync-hub.ts';
import { Fanout } from '../hub/fanout.ts';
import { Presence } from '../hub/presence.ts';
import { SyncMetrics } from '../metrics/sync-metrics.ts';
import type { SyncSettings } from '../schemas/settings.schema.ts';
import { PersonKeys } from './person-keys.ts';
import { Rekeyer } from './rekey.ts';
import { SyncStore } from './store.ts';
import { BUS_HEALTH } from '../constants.ts';
import { DeviceTokens } from './tokens.ts';

export interface SyncServices {
  store: SyncStore;
  hub: SyncHub;
  presence: Presence;
  metrics: SyncMetrics;
  keys: PersonKeys;
  tokens: DeviceTokens;
  rekeyer: Rekeyer;
  settings(tenantId: string): Promise<SyncSettings>;
  close(): Promise<void>;
}

const memo = new WeakMap<PluginContext, Promise<SyncServices>>();

/**
 * The sync plugin's services for one API instance (both route scopes share them; built on first use, closed with
 * the app). Workers never build them: sync work happens where the devices are connected.
 */
export function syncServices(ctx: PluginContext, app: FastifyInstance): Promise<SyncServices> {
  let p = memo.get(ctx);
  if (!p) memo.set(ctx, (p = build(ctx, app)));
  return p;
}

export function builtSyncServices(ctx: PluginContext): Promise<SyncServices> | undefined {
  return memo.get(ctx);
}

async function build(ctx: PluginContext, app: FastifyInstance): Promise<SyncServices> {
  const { config, redis, metrics: coreMetrics, instanceId } = app.lockstep;
  const settings = async (tenantId: string) => (await ctx.settings(tenantId)) as unknown as SyncSettings;
  const store = new SyncStore(ctx, async (t) => (await settings(t)).opLogRetention);
  const sub = createRedis(config.REDIS_URL, { name: 'lockstep-sync-sub' });
  const fanout = new Fanout(redis, sub, config.REDIS_PREFIX, (err) => ctx.log.error({ err }, 'sync fan-out handler failed'));
  const presence = new Presence(redis, config.REDIS_PREFIX, instanceId);
  let hub: SyncHub | null = null;
  const metrics = new SyncMetrics(coreMetrics.registry, ctx.model('SyncHealth'), instanceId, (t) => hub?.connected(t) ?? 0, () => hub?.tenants() ?? [], (tenantId, sample) => ctx.bus.publish(BUS_HEALTH, tenantId, sample));
  const use = <T>(name: string) => { try { return ctx.use<T>(name); } catch { return null; } };
  hub = new SyncHub({ ctx, store, fanout, presence, metrics, instanceId, catalog: () => use<CatalogApi>('catalog') });
  hub.start();
  const keys = new PersonKeys(async () => use<IdentityApi>('identity'));
  const rekeyer = new Rekeyer(ctx, store, () => hub, settings, presence);
  rekeyer.start();
  const h = hub;
  return {
    store, hub: h, presence, metrics, keys, tokens: new DeviceTokens(ctx.privacy), rekeyer, settings,
    async close() {
      rekeyer.stop();
      await h.stop();
      await store.flush();
      await metrics.flush().catch(() => undefined);
      sub.disconnect();
    },
  };
}
