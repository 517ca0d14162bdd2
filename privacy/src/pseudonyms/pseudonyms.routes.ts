import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { PluginContext } from '../../../server/src/core/plugin-contract.ts';
import { tenantOf } from '../../../server/src/auth/scoped-query.ts';
import { auditActor } from '../../../server/src/routes/audit.routes.ts';
import { errors } from '../../../server/src/schemas/common.ts';
import { pseudonymError } from './pseudonym.errors.ts';
import { PSEUDONYM_PATTERN } from './pseudonymizer.ts';

const tags = ['privacy'];
const Reidentify = Type.Object({
  pseudonym: Type.String({ minLength: 1, maxLength: 64 }),
  reason: Type.String({ minLength: 3, maxLength: 200, description: 'Why (recorded in the audit log)' }),
}, { additionalProperties: false });

/** Audited re-identification of pseudonyms (compliance officers). */
export async function pseudonymRoutes(app: FastifyInstance, ctx: PluginContext): Promise<void> {
  app.post('/pseudonyms/reidentify', { config: { access: { action: 'reidentify', subject: 'Pseudonym' } }, schema: { tags, summary: 'The value behind a pseudonym (recorded in the audit log with the reason)', body: Reidentify, response: { 200: Type.Object({ pseudonym: Type.String(), value: Type.String() }), ...errors(400, 401, 403, 404) } } }, async (request) => {
    const { pseudonym, reason } = request.body as { pseudonym: string; reason: string };
    if (!PSEUDONYM_PATTERN.test(pseudonym)) throw pseudonymError('PRIVACY_ERR_PSEUDONYM_INVALID', [JSON.stringify(pseudonym.slice(0, 64))]);
    const value = await ctx.privacy.reidentify(tenantOf(request), pseudonym, auditActor(request), reason);
    if (value === null) throw pseudonymError('PRIVACY_ERR_PSEUDONYM_UNKNOWN', [pseudonym]);
    return { pseudonym, value };
  });
}
