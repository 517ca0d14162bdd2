import type { FastifyInstance } from 'fastify';
import type { PluginContext } from '../../../server/src/core/plugin-contract.ts';
import { graphRoutes } from './graph.routes.ts';
import { personRoutes } from './persons.routes.ts';

/** Everything under /api/plugins/identity (docs/identity.md). */
export async function identityRoutes(app: FastifyInstance, ctx: PluginContext): Promise<void> {
  await personRoutes(app, ctx);
  await graphRoutes(app, ctx);
}
