/** Who acted. `system` covers the core's own jobs (retention, key rotation); `plugin` is a plugin's name. */
export type AuditActorKind = 'user' | 'apiKey' | 'system' | 'plugin';
export const AUDIT_ACTOR_KINDS: readonly AuditActorKind[] = ['user', 'apiKey', 'system', 'plugin'];

export interface AuditActor { kind: AuditActorKind; id: string }
export interface AuditTarget { type: string; id: string }
/** Ids, counts and flags only: never plaintext personal data. One level deep; arrays of scalars allowed. */
export type AuditScalar = string | number | boolean | null;
export type AuditDetails = Record<string, AuditScalar | AuditScalar[]>;

/**
 * The chain of platform-level actions (tenant create/update and other platform-owner actions that belong to no
 * tenant). Tenant ids carry the `ten_` prefix, so this name cannot collide with one.
 */
export const PLATFORM_CHAIN = 'platform';

/** Actions the core records today; plugins add their own `<entity>.<verb>` names. */
export const CORE_AUDIT_ACTIONS = [
  'user.create', 'user.update', 'user.delete', 'apikey.create', 'apikey.revoke', 'plugin.toggle', 'plugin.settings',
  'tenant.create', 'tenant.update', 'consent.granted', 'consent.withdrawn', 'consent.text_published', 'pii.decrypt', 'export', 'erase', 'key.rotate',
] as const;

export interface AuditRecordInput {
  /** The chain: a tenant id, or PLATFORM_CHAIN. */
  tenantId: string;
  actor: AuditActor;
  action: string;
  target: AuditTarget;
  details?: AuditDetails;
}

export interface AuditEntry {
  id: string;
  tenantId: string;
  seq: number;
  at: Date;
  actor: AuditActor;
  action: string;
  target: AuditTarget;
  details: AuditDetails;
  prevHash: string;
  hash: string;
}

export type AuditBreakReason = 'edited' | 'removed' | 'reordered' | 'truncated' | 'rewritten';

export interface AuditVerifyResult {
  ok: boolean;
  /** Entries checked (all of them when ok; those before the break otherwise). */
  checked: number;
  /** Highest seq of the intact prefix (0 for an empty chain). */
  lastSeq: number;
  /** Whether a head anchor (Redis) was found and compared. */
  anchored: boolean;
  brokenAt?: number;
  reason?: AuditBreakReason;
  /** One sentence saying what was found. */
  message?: string;
}
