/** Queue, job and limits of the retention job (the store has no TTL indexes: a scheduled job deletes instead). */
export const RETENTION_QUEUE = 'privacy-retention';
export const RETENTION_JOB = 'retention-sweep';
/** The one repeatable job: sweeps every tenant. */
export const RETENTION_SCHEDULER_ID = 'privacy-retention-hourly';
/** @defaultValue one hour */
export const RETENTION_EVERY_MS = 3_600_000;
/** Documents deleted per `deleteMany` (an `_id` list: the only filter FerretDB v1 pushes down to SQLite). */
export const RETENTION_BATCH_SIZE = 500;
/** Batches per collection and run; what is left waits for the next run (`more: true` in the run's results). */
export const RETENTION_MAX_BATCHES = 200;
/** Policies keep data at least this long and at most this long (days). */
export const RETENTION_MIN_DAYS = 0;
export const RETENTION_MAX_DAYS = 36_500;

/**
 * Collections no retention policy may touch: the audit chain (proof of every privacy action; deleting entries
 * breaks it), key records (deleting one crypto-shreds everything it sealed), consent proofs, the privacy layer's own
 * configuration, pseudonym mappings (re-identification) and the platform's tenants, staff accounts, API keys and plugin
 * states.
 */
export const PROTECTED_COLLECTIONS: ReadonlySet<string> = new Set([
  'privacy_audit', 'privacy_keys', 'privacy_key_refs', 'privacy_consents', 'privacy_consent_history', 'privacy_purposes', 'privacy_pseudonyms', 'privacy_retention_policies',
  'privacy_compliance_settings', 'core_tenants', 'core_plugin_states', 'core_users', 'core_api_keys',
]);
