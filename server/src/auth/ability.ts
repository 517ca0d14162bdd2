import { AbilityBuilder, createMongoAbility, type MongoAbility, type RawRuleOf } from '@casl/ability';
import type { PermissionDeclaration } from '../core/plugin-contract.ts';
import type { ApiKeyKind, UserRole } from '../models/core-models.ts';

export type AppAbility = MongoAbility;
export type AppRule = RawRuleOf<AppAbility>;

export type Principal =
  | { kind: 'user'; userId: string; tenantId: string; homeTenantId: string; role: UserRole; platformRole: 'owner' | null; sessionId: string }
  | { kind: 'apiKey'; keyId: string; tenantId: string; keyKind: ApiKeyKind };

type Grant = [action: string | string[], subject: string];

/**
 * The single definition of who may do what in the core. Plugin permissions are merged in from their
 * declarations. The rules built here are shipped to the console as-is (`GET /api/auth/me`).
 */
const CORE_GRANTS: Record<Exclude<UserRole, 'owner'> | ApiKeyKind, Grant[]> = {
  merchant: [
    ['read', 'Event'], ['read', 'Health'], ['read', 'Queue'], [['read', 'retry'], 'Job'], ['read', 'Plugin'],
    [['read', 'create', 'delete'], 'ApiKey'],
  ],
  analyst: [['read', 'Event'], ['read', 'Health'], ['read', 'Queue'], ['read', 'Job'], ['read', 'Plugin']],
  compliance_officer: [
    // Shopper events are personal data the privacy work (access requests, audits) has to see.
    ['read', 'Health'], ['read', 'Event'], ['read', 'AuditLog'], [['read', 'create', 'update'], 'PrivacyRequest'], ['read', 'ConsentRecord'],
    ['read', 'DataInventory'],
  ],
  plugin_developer: [
    ['read', 'Health'], ['read', 'Queue'], [['read', 'retry'], 'Job'], [['read', 'update', 'toggle'], 'Plugin'], ['read', 'PluginLog'],
  ],
  publishable: [['create', 'Event']],
  secret: [['read', 'Health'], ['create', 'Event']],
};

/** Subjects whose records carry no tenantId (checked at type level only). */
const UNSCOPED_SUBJECTS = new Set(['Health', 'Queue', 'Plugin', 'PluginLog', 'DataInventory', 'Tenant']);

export function defineAbilityFor(principal: Principal | null, pluginPermissions: PermissionDeclaration[] = []): AppAbility {
  const { can, cannot, build } = new AbilityBuilder<AppAbility>(createMongoAbility);
  if (!principal) return build();
  const tenant = { tenantId: principal.tenantId };
  const grant = (actions: string | string[], subject: string) =>
    UNSCOPED_SUBJECTS.has(subject) ? can(actions, subject) : can(actions, subject, tenant);

  if (principal.kind === 'user' && principal.platformRole === 'owner') {
    can('manage', 'all');
    return build();
  }
  if (principal.kind === 'user' && principal.role === 'owner') {
    can('manage', 'all', tenant);
    for (const subject of UNSCOPED_SUBJECTS) can('manage', subject);
    // Tenants are the platform owner's: no action at all (present or future) except reading its own.
    cannot('manage', 'Tenant');
    can('read', 'Tenant', { _id: principal.tenantId });
    return build();
  }
  const grantee = principal.kind === 'user' ? principal.role : principal.keyKind;
  for (const [actions, subject] of CORE_GRANTS[grantee as keyof typeof CORE_GRANTS]) grant(actions, subject);
  for (const decl of pluginPermissions) {
    const actions = decl.grants?.[grantee as keyof NonNullable<PermissionDeclaration['grants']>];
    if (actions?.length) grant(actions, decl.subject);
  }
  return build();
}

/** Every action/subject pair the core and loaded plugins know, for the role editor and docs. */
export function knownPermissions(pluginPermissions: PermissionDeclaration[]): { subject: string; actions: string[] }[] {
  const map = new Map<string, Set<string>>();
  for (const grants of Object.values(CORE_GRANTS)) for (const [a, s] of grants) for (const x of [a].flat()) (map.get(s) ?? map.set(s, new Set()).get(s)!).add(x);
  for (const d of pluginPermissions) for (const a of d.actions) (map.get(d.subject) ?? map.set(d.subject, new Set()).get(d.subject)!).add(a);
  return [...map].map(([subject, actions]) => ({ subject, actions: [...actions].sort() }));
}
