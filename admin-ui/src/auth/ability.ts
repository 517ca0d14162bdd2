import { createMongoAbility, type MongoAbility, type RawRuleOf } from '@casl/ability';

/** react-admin resource name → CASL subject of the server's rules. */
export const RESOURCE_SUBJECTS: Readonly<Record<string, string>> = {
  users: 'User',
  tenants: 'Tenant',
  'api-keys': 'ApiKey',
  plugins: 'Plugin',
  jobs: 'Job',
  queues: 'Queue',
  events: 'Event',
  'catalog/products': 'Product',
  'catalog/channels': 'Channel',
  'catalog/imports': 'CatalogImport',
  'identity/persons': 'Person',
  'identity/merges': 'Person',
  // The identity plugin's merge rules are its settings: read Plugin to see them, update Plugin to change them.
  'identity/settings': 'Plugin',
  // Compliance pages (privacy plugin); the audit log viewer is the core's /api/audit.
  audit: 'AuditLog',
  'privacy/inventory': 'DataInventory',
  'privacy/keys': 'EncryptionKey',
  'privacy/audits': 'PrivacyAudit',
  'privacy/retention/policies': 'RetentionPolicy',
  'privacy/requests': 'PrivacyRequest',
  'privacy/consent': 'ConsentRecord',
  // Sync plugin: live states and the health dashboard read SyncState; its merge policy (settings) is SyncSettings.
  'sync/states': 'SyncState',
  'sync/health': 'SyncState',
  'sync/settings': 'SyncSettings',
};

/** Resources only a platform owner (`user.platformRole === 'owner'`) may open, whatever the tenant rules say. */
const PLATFORM_ONLY = new Set(['tenants']);

/** react-admin action → CASL action; anything else (`toggle`, `retry`) passes through unchanged. */
const ACTIONS: Readonly<Record<string, string>> = {
  list: 'read',
  show: 'read',
  export: 'read',
  create: 'create',
  clone: 'create',
  edit: 'update',
  delete: 'delete',
};

export type LockstepAbility = MongoAbility;

export function buildAbility(rules: RawRuleOf<MongoAbility>[]): LockstepAbility {
  return createMongoAbility(rules);
}

/**
 * Whether the ability allows a react-admin `action` on `resource`. Checks the subject type only: the server
 * scopes records by tenant and enforces conditions itself, so the console never second-guesses a record it got.
 */
export function canAccessResource(
  ability: LockstepAbility,
  action: string,
  resource: string,
  isPlatformOwner: boolean,
): boolean {
  const subject = RESOURCE_SUBJECTS[resource];
  if (!subject) return false;
  if (PLATFORM_ONLY.has(resource) && !isPlatformOwner) return false;
  return ability.can(ACTIONS[action] ?? action, subject);
}
