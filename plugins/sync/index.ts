import { definePlugin } from '../../server/src/core/plugin-contract.ts';
import { PLUGIN_NAME } from './constants.ts';
import { SyncStateSpec } from './models/sync-state.model.ts';
import { SyncCommitSpec } from './models/sync-commit.model.ts';
import { SyncHealthSpec } from './models/sync-health.model.ts';
import { SyncSettingsSchema, type SyncSettings } from './schemas/settings.schema.ts';
import { syncPublicRoutes } from './routes/public.routes.ts';
import { syncAdminRoutes } from './routes/admin.routes.ts';
import { syncDataSubject } from './services/data-subject.ts';

export type { SyncSettings } from './schemas/settings.schema.ts';

/**
 * Cross-device state of each shopper — cart, wishlist, recently viewed, preferences, "continue where you left off" —
 * replicated to every device at once over WebSocket (HTTP + SSE fallback), merged conflict-free (README.md).
 */
export default definePlugin<SyncSettings>({
  name: PLUGIN_NAME,
  version: '0.1.0',
  description: 'Cart, wishlist, recently viewed and preferences on every device of a shopper at once (WebSocket push, offline merge, identity stitching)',
  coreCompatibility: '^0.1.0',
  dependencies: ['identity', 'catalog'],
  // The cart and wishlist are what the shopper asked for (necessary to serve them); nothing here is used to profile.
  purposes: ['necessary'],
  dataCategories: ['behavioral', 'preference', 'device_id'],
  permissions: [
    { subject: 'SyncSession', actions: ['connect'], description: 'A shopper device connects to its own sync state (publishable key + device token)', grants: { publishable: ['connect'], secret: ['connect'] } },
    { subject: 'SyncState', actions: ['read'], description: 'Shoppers\' live sync state across devices and sync health', grants: { merchant: ['read'], analyst: ['read'], plugin_developer: ['read'], compliance_officer: ['read'] } },
    { subject: 'SyncSettings', actions: ['read', 'update'], description: 'The sync settings (anonymous-cart merge policy, limits): merchants tune them', grants: { merchant: ['read', 'update'], analyst: ['read'] } },
  ],
  configSchema: SyncSettingsSchema,
  settingsSubject: 'SyncSettings',
  models: [SyncStateSpec, SyncCommitSpec, SyncHealthSpec],
  routes: syncAdminRoutes,
  publicRoutes: syncPublicRoutes,
  admin: { resources: ['sync/states', 'sync/health', 'sync/settings'] },
  dataSubject: syncDataSubject,
});
