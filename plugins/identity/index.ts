import { definePlugin } from '../../server/src/core/plugin-contract.ts';
import { PLUGIN_NAME } from './constants.ts';
import { PersonSpec } from './models/person.model.ts';
import { IdentifierSpec } from './models/identifier.model.ts';
import { MergeRecordSpec } from './models/merge-record.model.ts';
import { IdentitySettingsSchema } from './schemas/settings.schema.ts';
import { identityRoutes } from './routes/identity.routes.ts';
import { createIdentityApi, dataSubjectHooks } from './services/identity-api.ts';
import { identityServices } from './services/services.ts';
import { subjectResolver } from './services/subject-resolver.ts';
import type { IdentitySettings } from './types.ts';

export type { IdentityApi, IdentifierRef, IdentitySettings } from './types.ts';

/** The cross-device identity graph: one person per shopper across devices and channels (docs/identity.md). */
export default definePlugin<IdentitySettings>({
  name: PLUGIN_NAME,
  version: '0.1.0',
  description: 'Cross-device identity graph: stitches devices and channels into persons, with tunable merge rules, merge history and operator splits',
  coreCompatibility: '^0.1.0',
  dependencies: [],
  purposes: ['necessary'],
  permissions: [
    {
      subject: 'Person', actions: ['read', 'merge', 'split'], description: 'Persons of the identity graph, their identifiers and merge history',
      grants: { merchant: ['read', 'merge', 'split'], analyst: ['read'], compliance_officer: ['read'], secret: ['read', 'merge'] },
    },
    {
      subject: 'IdentityRules', actions: ['read', 'update'], description: 'The merge rules (this plugin\'s settings): merchants tune them',
      grants: { merchant: ['read', 'update'], analyst: ['read'] },
    },
  ],
  configSchema: IdentitySettingsSchema,
  settingsSubject: 'IdentityRules',
  models: [PersonSpec, IdentifierSpec, MergeRecordSpec],
  routes: identityRoutes,
  events: { types: '*', handler: () => import('./events/handler.ts'), concurrency: 4, attempts: 8 },
  provides: createIdentityApi,
  admin: { resources: ['identity/persons', 'identity/merges'] },
  hooks: {
    // Consent is person-level: the privacy layer asks the graph which person a device or user belongs to (API and workers).
    onReady: async (ctx) => ctx.privacy.setSubjectResolver(subjectResolver(() => identityServices(ctx))),
    onClose: async (ctx) => {
      ctx.privacy.setSubjectResolver(null);
      identityServices(ctx).dispose();
    },
  },
  dataSubject: dataSubjectHooks,
});
