import type { JobDeclaration, PermissionDeclaration, PluginContext } from '../../../server/src/core/plugin-contract.ts';
import type { ModelSpec } from '../../../server/src/db/define-model.ts';
import type { FastifyInstance } from 'fastify';

/**
 * One concern of the built-in privacy plugin (consent, data-subject requests, compliance, keys): its models, routes,
 * jobs and subjects. `privacy/src/plugin/index.ts` joins them into one plugin definition, so each concern keeps to
 * its own folder.
 */
export interface PrivacyFeature {
  name: string;
  models?: ModelSpec[];
  permissions?: PermissionDeclaration[];
  /** Registered under /api/plugins/privacy (the plugin's prefix). */
  routes?: (app: FastifyInstance, ctx: PluginContext) => Promise<void>;
  jobs?: JobDeclaration[];
  onReady?: (ctx: PluginContext) => Promise<void>;
  onClose?: (ctx: PluginContext) => Promise<void>;
  /** Console resources, `privacy/<resource>`. */
  resources?: string[];
}
