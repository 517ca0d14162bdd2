import { Type } from 'typebox';
import { Compile } from 'typebox/compile';
import { auditError } from './audit.errors.ts';
import { AUDIT_ACTOR_KINDS, type AuditRecordInput } from './audit-types.ts';

const Id = Type.String({ minLength: 1, maxLength: 200 });
const Scalar = Type.Union([Type.String({ maxLength: 200 }), Type.Number(), Type.Boolean(), Type.Null()]);

export const AuditRecordInputSchema = Type.Object({
  tenantId: Id,
  actor: Type.Object({ kind: Type.Enum([...AUDIT_ACTOR_KINDS]), id: Id }, { additionalProperties: false }),
  action: Type.String({ pattern: '^[a-z][a-zA-Z0-9_-]*(\\.[a-zA-Z0-9_-]+)*$', maxLength: 64 }),
  target: Type.Object({ type: Type.String({ minLength: 1, maxLength: 64 }), id: Id }, { additionalProperties: false }),
  details: Type.Optional(Type.Record(Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_]{0,63}$' }), Type.Union([Scalar, Type.Array(Scalar, { maxItems: 100 })]), { maxProperties: 32 })),
}, { additionalProperties: false });

const check = Compile(AuditRecordInputSchema);
// An audit entry outlives erasure requests, so it must not carry personal data: e-mail addresses are the one
// thing that slips in by accident (a user's login) and are cheap to catch. Everything else is the caller's duty.
const EMAIL_LIKE = /[^\s@]+@[^\s@]+\.[^\s@]+/;

/** Validates an entry before it is chained; throws PRIVACY_ERR_AUDIT_INVALID_ENTRY naming the problem. */
export function validateAuditInput(input: AuditRecordInput): AuditRecordInput {
  if (!check.Check(input)) {
    const first = check.Errors(input)[0];
    throw auditError('PRIVACY_ERR_AUDIT_INVALID_ENTRY', [`${first?.instancePath || '(entry)'} ${first?.message ?? 'is invalid'}`]);
  }
  const strings = [input.actor.id, input.target.id, ...Object.values(input.details ?? {}).flat()].filter((v): v is string => typeof v === 'string');
  if (strings.some((s) => EMAIL_LIKE.test(s))) {
    throw auditError('PRIVACY_ERR_AUDIT_INVALID_ENTRY', ['an e-mail address in actor, target or details: record ids, never personal data']);
  }
  return input;
}
