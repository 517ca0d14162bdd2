import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { PluginContext } from '../../../server/src/core/plugin-contract.ts';
import { scopedFilter, tenantOf } from '../../../server/src/auth/scoped-query.ts';
import { findPage, parseListQuery, sendPage } from '../../../server/src/http/list-query.ts';
import { errors } from '../../../server/src/schemas/common.ts';
import { identityError } from '../errors.ts';
import { AliasBody, MergeRecord, MergesQuery, ResolveQuery, ResolveResult } from '../schemas/identity.schema.ts';
import { recordView } from '../services/graph.repo.ts';
import { emailHash, normalizeSettings, refProblem } from '../services/merge-rules.ts';
import { identityServices } from '../services/services.ts';
import type { IdentifierRef } from '../types.ts';

const tags = ['identity'];

/** `{kind, value}` from a request, or 400 IDENTITY_ERR_INVALID_IDENTIFIER naming the field. */
function refFrom(raw: { kind: string; value: string }, field: string): IdentifierRef {
  const problem = refProblem(raw.kind, raw.value);
  if (problem) throw identityError('IDENTITY_ERR_INVALID_IDENTIFIER', [`${field}: ${problem}`], { field });
  return { kind: raw.kind, value: raw.value } as IdentifierRef;
}

export async function graphRoutes(app: FastifyInstance, ctx: PluginContext): Promise<void> {
  const { resolver, stitcher, repo } = identityServices(ctx);

  app.get('/resolve', {
    config: { access: { action: 'read', subject: 'Person' } },
    schema: { tags, summary: 'The person of one identifier (cache hit or one lookup by primary key); kind=email hashes the address', querystring: ResolveQuery, response: { 200: ResolveResult, ...errors(400, 401, 403, 404) } },
  }, async (request) => {
    const { kind, value } = request.query as { kind: string; value: string };
    const ref = kind === 'email' ? { kind: 'email_hash' as const, value: emailHash(value) } : refFrom({ kind, value }, 'querystring');
    const personId = await resolver.resolve(tenantOf(request), ref);
    if (!personId) throw identityError('IDENTITY_ERR_NOT_FOUND', [`No person with ${ref.kind} "${kind === 'email' ? value : ref.value}"`]);
    return { personId };
  });

  app.post('/alias', {
    config: { access: { action: 'merge', subject: 'Person' } },
    schema: {
      tags, summary: "Merge from's person into to's (same merge rules); 409 IDENTITY_ERR_CONFLICT names the rule that refused it",
      body: AliasBody, response: { 200: MergeRecord, ...errors(400, 401, 403, 404, 409, 503) },
    },
  }, async (request) => {
    const tenantId = tenantOf(request);
    const body = request.body as { from: { kind: string; value: string }; to: { kind: string; value: string } };
    const from = refFrom(body.from, 'body.from');
    const to = refFrom(body.to, 'body.to');
    if (from.kind === to.kind && from.value === to.value) throw identityError('IDENTITY_ERR_INVALID_IDENTIFIER', ['body.to: from and to name the same identifier'], { field: 'body.to' });
    const settings = normalizeSettings(await ctx.settings(tenantId));
    const actor = request.principal?.kind === 'user' ? request.principal.userId : null;
    return stitcher.alias(tenantId, from, to, settings, { actor });
  });

  app.get('/merges', {
    config: { access: { action: 'read', subject: 'Person' } },
    schema: { tags, summary: "The tenant's merge history: merges, splits and conflicts", querystring: MergesQuery, response: { 200: Type.Array(MergeRecord), ...errors(400, 401, 403) } },
  }, async (request, reply) => {
    const query = request.query as { sort?: string; range?: string; filter?: string; action?: string };
    const q = parseListQuery(query, { sortable: ['at', 'action'], filterable: ['action', 'cause', 'rule', 'fromPersonId', 'intoPersonId', 'eventId'], defaultSort: ['at', 'DESC'] });
    const filter = { ...q.filter, ...(query.action ? { action: query.action } : {}) };
    const [rows, total] = await findPage(repo.merges, scopedFilter(request, 'read', 'Person', filter), q);
    return sendPage(reply, 'merges', rows.map(recordView), q.skip, total);
  });
}
