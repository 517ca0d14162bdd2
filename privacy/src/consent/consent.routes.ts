import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { PluginContext } from '../../../server/src/core/plugin-contract.ts';
import { errors, ListQuery } from '../../../server/src/schemas/common.ts';
import { coreError } from '../../../server/src/errors/app-error.ts';
import { scopedFilter, tenantOf } from '../../../server/src/auth/scoped-query.ts';
import { findPage, parseListQuery, sendPage } from '../../../server/src/http/list-query.ts';
import { auditActor } from '../../../server/src/routes/audit.routes.ts';
import { consentError } from './consent.errors.ts';
import { adminState, declaredOf, historyOut, purposeOut, requireDeclared, versionOut } from './consent-http.ts';
import { consentStats } from './consent-stats.ts';
import {
  AdminRecordBody, HistoryEntrySchema, PublishBody, PurposeDetailSchema, PurposeParams, PurposeVersionSchema, PurposeViewSchema, StatsQuery,
  StatsResult, SubjectQuery, SubjectStateResult,
} from './consent.schema.ts';
import { purposeDefault } from './purposes.ts';

const tags = ['privacy'];
const HISTORY_LIST = {
  sortable: ['at', 'recordedAt', 'purpose'], filterable: ['purpose', 'granted', 'source', 'channel', 'personId', 'subject', 'version'],
  defaultSort: ['recordedAt', 'DESC'] as [string, 'DESC'],
};

/**
 * Consent for the console and server-side callers, under /api/plugins/privacy/consent: purposes and their versioned
 * texts (compliance officers publish, merchants read), the dashboard's numbers, the history, one subject's state,
 * and recording a choice made elsewhere (call centre, a server) with a secret key.
 */
export async function consentRoutes(app: FastifyInstance, ctx: PluginContext): Promise<void> {
  const consent = () => ctx.privacy.consent;

  app.get('/consent/purposes', {
    config: { access: { action: 'read', subject: 'ConsentPurpose' } },
    schema: { tags, summary: 'Purposes this tenant asks consent for, with their current text version', querystring: ListQuery, response: { 200: Type.Array(PurposeViewSchema), ...errors(400, 401, 403) } },
  }, async (request, reply) => {
    const rows = (await consent().purposes.list(tenantOf(request), declaredOf(app))).map(purposeOut);
    return sendPage(reply, 'purposes', rows, 0, rows.length);
  });

  app.get('/consent/purposes/:purpose', {
    config: { access: { action: 'read', subject: 'ConsentPurpose' } },
    schema: { tags, summary: 'One purpose with every version of its text', params: PurposeParams, response: { 200: PurposeDetailSchema, ...errors(400, 401, 403, 404) } },
  }, async (request) => {
    const { purpose } = request.params as { purpose: string };
    const declared = declaredOf(app).find((d) => d.purpose === purpose);
    if (!declared) throw coreError('CORE_ERR_NOT_FOUND', [`Purpose "${purpose.slice(0, 60)}"`]);
    const history = await consent().purposes.versions(tenantOf(request), declared);
    return { ...purposeOut({ ...declared, default: purposeDefault(purpose), current: history[0]!, versions: history[0]!.version }), history: history.map(versionOut) };
  });

  app.post('/consent/purposes/:purpose/versions', {
    config: { access: { action: 'publish', subject: 'ConsentPurpose' } },
    schema: { tags, summary: 'Publish a new consent text: the next version of the purpose', params: PurposeParams, body: PublishBody, response: { 201: PurposeVersionSchema, ...errors(400, 401, 403, 404, 503) } },
  }, async (request, reply) => {
    const { purpose } = request.params as { purpose: string };
    const declared = declaredOf(app).find((d) => d.purpose === purpose);
    if (!declared) throw coreError('CORE_ERR_NOT_FOUND', [`Purpose "${purpose.slice(0, 60)}"`]);
    const actor = auditActor(request);
    const version = await consent().purposes.publish(tenantOf(request), declared, request.body as { text: string; title?: string; description?: string }, actor.id);
    await ctx.privacy.audit.record({ tenantId: tenantOf(request), actor, action: 'consent.text_published', target: { type: 'consent_purpose', id: purpose }, details: { version: version.version, textHash: version.textHash } });
    return reply.code(201).send(versionOut(version));
  });

  app.get('/consent/stats', {
    config: { access: { action: 'read', subject: 'ConsentRecord' } },
    schema: { tags, summary: 'Consent dashboard: rates per purpose and channel, changes per day', querystring: StatsQuery, response: { 200: StatsResult, ...errors(400, 401, 403) } },
  }, async (request) => {
    const { days = 30 } = request.query as { days?: number };
    return consentStats(consent().models, tenantOf(request), declaredOf(app), days);
  });

  app.get('/consent/history', {
    config: { access: { action: 'read', subject: 'ConsentRecord' } },
    schema: { tags, summary: 'Consent changes with their proof, newest first (react-admin list)', querystring: ListQuery, response: { 200: Type.Array(HistoryEntrySchema), ...errors(400, 401, 403) } },
  }, async (request, reply) => {
    const q = parseListQuery(request.query as { sort?: string; range?: string; filter?: string }, HISTORY_LIST);
    const [rows, total] = await findPage(consent().models.history, scopedFilter(request, 'read', 'ConsentRecord', q.filter), q);
    return sendPage(reply, 'history', rows.map(historyOut), q.skip, total);
  });

  app.get('/consent/subjects', {
    config: { access: { action: 'read', subject: 'ConsentRecord' } },
    schema: { tags, summary: 'One person\'s (or device\'s) consent: every purpose\'s state and the history', querystring: SubjectQuery, response: { 200: SubjectStateResult, ...errors(400, 401, 403) } },
  }, async (request) => {
    const ref = request.query as { personId?: string; userId?: string; anonymousId?: string };
    if (!ref.personId && !ref.userId && !ref.anonymousId) throw consentError('PRIVACY_ERR_CONSENT_NO_SUBJECT', ['query personId, userId or anonymousId']);
    const tenantId = tenantOf(request);
    const state = await consent().state(tenantId, ref, declaredOf(app).map((d) => d.purpose));
    const history = await consent().history(tenantId, ref);
    return { ...adminState(state), history: history.map(historyOut) };
  });

  app.post('/consent/records', {
    config: { access: { action: 'create', subject: 'ConsentRecord' } },
    schema: { tags, summary: 'Record choices made elsewhere (call centre, a server) for a person, user or device', body: AdminRecordBody, response: { 200: Type.Object({ changed: Type.Array(Type.String()), unchanged: Type.Array(Type.String()), stale: Type.Array(Type.String()), ...SubjectStateResult.properties }), ...errors(400, 401, 403) } },
  }, async (request) => {
    const body = request.body as { personId?: string; userId?: string; anonymousId?: string; purposes: Record<string, boolean>; versions?: Record<string, number>; channel?: string };
    if (!body.personId && !body.userId && !body.anonymousId) throw consentError('PRIVACY_ERR_CONSENT_NO_SUBJECT', ['send personId, userId or anonymousId']);
    const declared = declaredOf(app);
    requireDeclared(declared, [...Object.keys(body.purposes), ...Object.keys(body.versions ?? {})]);
    const tenantId = tenantOf(request);
    const ref = { personId: body.personId ?? null, userId: body.userId ?? null, anonymousId: body.anonymousId ?? null };
    const actor = auditActor(request);
    const result = await consent().record(tenantId, {
      subject: ref, choices: body.purposes, versions: body.versions, source: 'api', channel: body.channel ?? null, actor,
      proof: { requestId: request.id, keyId: actor.kind === 'apiKey' ? actor.id : null, userAgent: request.headers['user-agent'] ?? null },
    });
    const state = await consent().state(tenantId, ref, declared.map((d) => d.purpose));
    const history = await consent().history(tenantId, ref, 20);
    return { changed: result.changed, unchanged: result.unchanged, stale: result.stale, ...adminState(state), history: history.map(historyOut) };
  });
}
