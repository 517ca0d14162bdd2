export { AuditLog, toAuditEntry, type AuditLogOptions } from './audit-log.ts';
export { RedisAuditAnchor, type AuditAnchor } from './audit-anchor.ts';
export { AuditEntrySpec } from './audit-entry.model.ts';
export { AuditErrors, auditError } from './audit.errors.ts';
export { canonicalJson, entryHash, hashInput, GENESIS_HASH } from './audit-hash.ts';
export { validateAuditInput } from './audit-input.ts';
export * from './audit-types.ts';
