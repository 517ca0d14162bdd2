/** Strings of the audit log viewer (`lockstep.privacy.audit_log.*`, resource `audit`). */
export const auditLogEn = {
  lockstep: {
    privacy: {
      menu: 'Privacy',
      audit_log: {
        verify: 'Verify chain',
        intact: 'Chain intact: %{smart_count} entry checked (no head anchor) |||| Chain intact: %{smart_count} entries checked (no head anchor)',
        intact_anchored: 'Chain intact: %{smart_count} entry checked |||| Chain intact: %{smart_count} entries checked',
        broken: 'Chain broken at entry %{seq} (%{reason}).',
        intact_prefix: 'Entries 1–%{intact} are intact.',
        reasons: { edited: 'edited', removed: 'removed', reordered: 'reordered', truncated: 'truncated', rewritten: 'rewritten' },
        actor_kinds: { user: 'User', apiKey: 'API key', system: 'System', plugin: 'Plugin' },
        id: 'Entry id',
        hash: 'Hash',
        prev_hash: 'Previous hash',
        details: 'Details',
        exact_action: 'Action (exact)',
      },
    },
  },
  resources: {
    audit: {
      name: 'Audit log |||| Audit log',
      fields: { seq: 'Seq', at: 'Time', action: 'Action', actor: 'Actor', actorKind: 'Actor kind', actorId: 'Actor id', target: 'Target', targetType: 'Target type', targetId: 'Target id', hash: 'Hash' },
    },
  },
};

/** Same keys as the English tree, every leaf a string. */
export type Translated<T> = { [K in keyof T]: T[K] extends string ? string : Translated<T[K]> };
