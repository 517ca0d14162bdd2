export const PLUGIN_NAME = 'identity';

/** Identifier kinds the graph stores; `external:<ns>` ids (CRM, loyalty card …) come through the alias API. */
export const IDENTIFIER_KINDS = ['user_id', 'anonymous_id', 'device_id', 'email_hash'] as const;
export const EXTERNAL_KIND = /^external:[a-z0-9_-]{1,40}$/;
/** Kinds that name a device (they carry channel and device info, and count against the per-person limits). */
export const DEVICE_KINDS = new Set(['anonymous_id', 'device_id']);

/** Ranks of `identifierPriority` (external:* ids rank as `external`). */
export const PRIORITY_KINDS = ['user_id', 'email_hash', 'external', 'device_id', 'anonymous_id'] as const;

/**
 * Which identifier of an event decides the person the event is attributed to: the userId when it has one, else
 * the device. Not a setting: it must match how merges and splits re-attribute events (by userId, then by
 * anonymousId for events without a userId).
 */
export const ATTRIBUTION_ORDER = ['user_id', 'anonymous_id', 'device_id', 'email_hash'] as const;

export const MERGE_ACTIONS = ['merge', 'split', 'conflict'] as const;
export const MERGE_CAUSES = ['identify', 'alias', 'operator'] as const;
export const CONFLICT_RULES = ['distinct_user_ids', 'max_anonymous_ids', 'max_device_ids', 'blocked_value', 'already_same_person'] as const;
export type MergeAction = (typeof MERGE_ACTIONS)[number];
export type MergeCause = (typeof MERGE_CAUSES)[number];
export type ConflictRule = (typeof CONFLICT_RULES)[number];

export const BUS_MERGED = 'identity.merged';
export const BUS_SPLIT = 'identity.split';
export const BUS_PERSON_CREATED = 'identity.person_created';
/** `{identifiers}`: identifiers that joined the graph (caches forget they were unknown). */
export const BUS_IDENTIFIED = 'identity.identified';
export const BUS_ERASED = 'identity.erased';

/** An activity write (lastSeenAt, channel, device) is skipped when the stored one is younger than this. */
export const TOUCH_INTERVAL_MS = 60_000;

/** Locks (ctx.withLock keys, prefixed `identity:` by the host). */
export const tenantLockKey = (tenantId: string): string => `merge:${tenantId}`;
export const personLockKey = (tenantId: string, personId: string): string => `person:${tenantId}:${personId}`;
export const LOCK_OPTS = { ttlMs: 30_000, waitMs: 30_000 } as const;

/** Resolution cache per instance. */
export const RESOLVE_CACHE_SIZE = 50_000;
export const RESOLVE_CACHE_TTL_MS = 5 * 60_000;
/**
 * How long an identifier nobody has stitched yet is remembered as unknown (ingestion asks about every new device's
 * events; without it each would cost a store lookup). Identity changes on any instance drop the entry at once
 * (bus); the TTL only bounds a lost bus message.
 */
export const UNKNOWN_CACHE_TTL_MS = 5_000;
