import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { scopedFilter, tenantOf } from '../auth/scoped-query.ts';
import { findPage, parseListQuery, sendPage } from '../http/list-query.ts';
import { coreError } from '../errors/app-error.ts';
import { ListQuery, errors } from '../schemas/common.ts';
import { PLATFORM_CHAIN, type AuditActor, type AuditDetails, type AuditTarget } from '../../../privacy/src/audit/audit-types.ts';

const AuditRecord = Type.Object({
  id: Type.String(), seq: Type.Integer(), at: Type.String(),
  actor: Type.Object({ kind: Type.String(), id: Type.String() }),
  action: Type.String(),
  target: Type.Object({ type: Type.String(), id: Type.String() }),
  details: Type.Record(Type.String(), Type.Unknown()),
  prevHash: Type.String(), hash: Type.String(),
});
const VerifyResult = Type.Object({
  ok: Type.Boolean(), checked: Type.Integer(), lastSeq: Type.Integer(), anchored: Type.Boolean(),
  brokenAt: Type.Optional(Type.Integer()),
  reason: Type.Optional(Type.Union(['edited', 'removed', 'reordered', 'truncated', 'rewritten'].map((r) => Type.Literal(r)))),
  message: Type.Optional(Type.String()),
});
const Chain = Type.Object({
  chain: Type.Optional(Type.Union([Type.Literal('tenant'), Type.Literal('platform')], { description: "'platform': platform-level actions (platform owners only)" })),
});
const ListAudit = Type.Intersect([ListQuery, Chain]);

// Filter names the console uses → stored (flat) fields.
const FILTER_FIELDS: Record<string, string> = { actorKind: 'actorKind', actorId: 'actorId', targetType: 'targetType', targetId: 'targetId', action: 'action' };
const LIST = { sortable: ['seq', 'at', 'action'], filterable: Object.keys(FILTER_FIELDS), searchable: ['action'], defaultSort: ['seq', 'DESC'] as [string, 'DESC'] };

const out = (d: any) => ({
  id: d._id, seq: d.seq, at: new Date(d.at).toISOString(), actor: { kind: d.actorKind, id: d.actorId }, action: d.action,
  target: { type: d.targetType, id: d.targetId }, details: d.details ?? {}, prevHash: d.prevHash, hash: d.hash,
});

/** The actor of a request: the logged-in user or the API key. */
export function auditActor(request: FastifyRequest): AuditActor {
  const p = request.principal;
  if (!p) throw coreError('CORE_ERR_UNAUTHENTICATED', ['log in first']);
  return p.kind === 'user' ? { kind: 'user', id: p.userId } : { kind: 'apiKey', id: p.keyId };
}

/**
 * Records an admin mutation on the request's tenant chain (or the platform chain), after the mutation succeeded.
 * A failed append fails the request (500): the change stands, but nobody is told it succeeded unaudited.
 */
export async function auditRequest(request: FastifyRequest, action: string, target: AuditTarget, details: AuditDetails = {}, opts: { platform?: boolean } = {}): Promise<void> {
  await request.server.lockstep.privacy.audit.record({ tenantId: opts.platform ? PLATFORM_CHAIN : tenantOf(request), actor: auditActor(request), action, target, details });
}

/** Which chain a request reads: its tenant's, or the platform chain (platform owners only). */
function chainOf(request: FastifyRequest): string {
  if ((request.query as { chain?: string }).chain !== 'platform') return tenantOf(request);
  const p = request.principal;
  if (!(p?.kind === 'user' && p.platformRole === 'owner')) throw coreError('CORE_ERR_FORBIDDEN', ['read the platform audit chain'], { action: 'read', subject: 'AuditLog' });
  return PLATFORM_CHAIN;
}

/** The audit log viewer: list a chain's entries and verify the chain (read AuditLog: owners, compliance officers). */
export async function auditRoutes(app: FastifyInstance): Promise<void> {
  const model = app.lockstep.connection.models.AuditEntry!;
  const tags = ['audit'];

  app.get('/api/audit', { config: { access: { action: 'read', subject: 'AuditLog' } }, schema: { tags, querystring: ListAudit, response: { 200: Type.Array(AuditRecord), ...errors(400, 401, 403) } } }, async (request, reply) => {
    const chain = chainOf(request);
    const q = parseListQuery(request.query as any, LIST);
    const extra = Object.fromEntries(Object.entries(q.filter).map(([k, v]) => [FILTER_FIELDS[k] ?? k, v]));
    const filter = chain === PLATFORM_CHAIN ? { tenantId: PLATFORM_CHAIN, ...extra } : scopedFilter(request, 'read', 'AuditLog', extra);
    const [rows, total] = await findPage(model, filter, q);
    return sendPage(reply, 'audit', rows.map(out), q.skip, total);
  });

  app.post('/api/audit/verify', { config: { access: { action: 'read', subject: 'AuditLog' } }, schema: { tags, summary: 'Walk the chain and report the first edited, removed or reordered entry', querystring: Chain, response: { 200: VerifyResult, ...errors(400, 401, 403) } } }, async (request) => {
    const chain = chainOf(request);
    const result = await app.lockstep.privacy.audit.verify(chain);
    if (!result.ok) request.log.warn({ chain, brokenAt: result.brokenAt, reason: result.reason }, 'audit chain verification failed');
    return result;
  });
}
