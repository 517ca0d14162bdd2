import type { PluginContext } from '../../../server/src/core/plugin-contract.ts';
import { BUS_ERASED, BUS_IDENTIFIED, BUS_MERGED, BUS_PERSON_CREATED, BUS_SPLIT } from '../constants.ts';
import { GraphRepo } from './graph.repo.ts';
import { Resolver } from './resolver.service.ts';
import { Stitcher } from './stitcher.service.ts';

export interface IdentityServices {
  repo: GraphRepo;
  resolver: Resolver;
  stitcher: Stitcher;
  /** Drops identifiers from this instance's cache and tells every other instance through the bus. */
  announce(topic: typeof BUS_SPLIT | typeof BUS_ERASED, tenantId: string, payload: { identifiers: string[] } & Record<string, unknown>): void;
  dispose(): void;
}

const byContext = new WeakMap<PluginContext, IdentityServices>();

/**
 * The plugin's services, one set per plugin context (per API or worker process). The resolution cache of every
 * instance listens to the bus: `identity.merged`, `identity.split` and `identity.erased` name the identifiers
 * whose person changed, and each instance drops them. The instance that made the change drops them at once.
 */
export function identityServices(ctx: PluginContext): IdentityServices {
  const existing = byContext.get(ctx);
  if (existing) return existing;
  const repo = new GraphRepo(ctx);
  const resolver = new Resolver(repo.identifiers, (tenantId, ref) => repo.identifierId(tenantId, ref));
  const publish = (topic: string, tenantId: string, payload: unknown) => {
    ctx.bus.publish(topic, tenantId, payload).catch((err) => ctx.log.warn({ err, topic }, 'identity bus publish failed'));
  };
  const stitcher = new Stitcher(repo, {
    merged(tenantId, payload) {
      resolver.invalidate(tenantId, payload.identifiers);
      publish(BUS_MERGED, tenantId, payload);
    },
    personCreated(tenantId, personId) {
      publish(BUS_PERSON_CREATED, tenantId, { personId });
    },
    identified(tenantId, identifiers) {
      resolver.invalidate(tenantId, identifiers);
      publish(BUS_IDENTIFIED, tenantId, { identifiers });
    },
  });
  const drop = (e: { tenantId: string; payload: { identifiers?: string[] } }) => resolver.invalidate(e.tenantId, e.payload?.identifiers ?? []);
  const unsubscribe = [BUS_MERGED, BUS_SPLIT, BUS_ERASED, BUS_IDENTIFIED].map((topic) => ctx.bus.subscribe<{ identifiers?: string[] }>(topic, drop));
  const services: IdentityServices = {
    repo, resolver, stitcher,
    announce(topic, tenantId, payload) {
      resolver.invalidate(tenantId, payload.identifiers);
      publish(topic, tenantId, payload);
    },
    dispose() {
      for (const u of unsubscribe) u();
      resolver.cache.clear();
      byContext.delete(ctx);
    },
  };
  byContext.set(ctx, services);
  return services;
}
