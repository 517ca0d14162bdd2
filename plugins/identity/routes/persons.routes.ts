import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { PluginContext } from '../../../server/src/core/plugin-contract.ts';
import { scopedFilter, tenantOf } from '../../../server/src/auth/scoped-query.ts';
import { findPage, parseListQuery, sendPage } from '../../../server/src/http/list-query.ts';
import { IdParams, errors } from '../../../server/src/schemas/common.ts';
import { BUS_SPLIT } from '../constants.ts';
import { identityError } from '../errors.ts';
import { EventRecord, MergeRecord, PersonDetail, PersonEventsQuery, PersonRecord, PersonsQuery, SplitBody, SplitResult } from '../schemas/identity.schema.ts';
import { recordView } from '../services/graph.repo.ts';
import { emailHash, flatTraits, isDeviceKind, parseRefKey } from '../services/merge-rules.ts';
import { identityServices } from '../services/services.ts';
import { splitPerson } from '../services/split.service.ts';
import type { IdentifierRef } from '../types.ts';
import { deviceOut, eventOut, identifierOut, personOut } from './present.ts';
import { auditActor } from '../../../server/src/routes/audit.routes.ts';

const tags = ['identity'];
const SEARCH_LIMIT = 500;

/** `filter` of a list query as an object (parseListQuery has already rejected malformed JSON). */
function rawFilter(query: { filter?: string }): Record<string, unknown> {
  try {
    const f = query.filter ? JSON.parse(query.filter) : {};
    return f && typeof f === 'object' && !Array.isArray(f) ? f : {};
  } catch {
    return {};
  }
}

export async function personRoutes(app: FastifyInstance, ctx: PluginContext): Promise<void> {
  const { repo } = identityServices(ctx);
  const { persons: Persons, identifiers: Identifiers, merges: Merges } = repo;

  /** The person, or IDENTITY_ERR_NOT_FOUND (another tenant's id included: the scoped filter cannot see it). */
  const personOr404 = async (request: Parameters<typeof scopedFilter>[0], id: string) => {
    const p = await Persons.findOne(scopedFilter(request, 'read', 'Person', { _id: id })).lean<any>();
    if (!p) throw identityError('IDENTITY_ERR_NOT_FOUND', [`Person ${id}`]);
    return p;
  };

  app.get('/persons', {
    config: { access: { action: 'read', subject: 'Person' } },
    schema: {
      tags, summary: 'Persons (merged tombstones excluded); filter.q finds by any identifier value, person id or email address',
      querystring: PersonsQuery, response: { 200: Type.Array(PersonRecord), ...errors(400, 401, 403) },
    },
  }, async (request, reply) => {
    const query = request.query as { sort?: string; range?: string; filter?: string; q?: string; channel?: string };
    const q = parseListQuery(query, { sortable: ['lastSeenAt', 'firstSeenAt', 'identifierCount', 'createdAt', 'userId'], filterable: ['channel', 'userId'], defaultSort: ['lastSeenAt', 'DESC'] });
    const filter: Record<string, unknown> = { ...q.filter, mergedInto: null };
    const channel = filter.channel ?? query.channel;
    delete filter.channel;
    if (channel !== undefined) filter.channels = channel;
    const term = String(rawFilter(query).q ?? query.q ?? '').trim();
    if (term) {
      const values = [term, ...(term.includes('@') ? [emailHash(term)] : [])];
      const hits = await Identifiers.find(scopedFilter(request, 'read', 'Person', { value: { $in: values } })).select('personId').limit(SEARCH_LIMIT).lean<{ personId: string }[]>();
      const ids = { _id: { $in: [...new Set([...hits.map((h) => h.personId), ...(term.startsWith('prs_') ? [term] : [])])] } };
      // Traits are encrypted: an exact (case-insensitive) address is found through the keyed blind index.
      const email = { 'traits.email': term };
      Object.assign(filter, term.includes('@') ? { $or: [ids, email] } : ids);
    }
    const [rows, total] = await findPage(Persons, scopedFilter(request, 'read', 'Person', filter), q);
    const withTraits = rows.filter((r: any) => r.traits && Object.keys(r.traits).length);
    // Decrypted personal data leaves the store: who saw whose (ids only).
    if (withTraits.length) await ctx.privacy.audit.record({ tenantId: tenantOf(request), actor: auditActor(request), action: 'pii.decrypt', target: { type: 'Person', id: 'list' }, details: { count: withTraits.length, personIds: withTraits.slice(0, 50).map((r: any) => r._id), search: !!term } });
    return sendPage(reply, 'persons', rows.map(personOut), q.skip, total);
  });

  app.get('/persons/:id', {
    config: { access: { action: 'read', subject: 'Person' } },
    schema: { tags, summary: 'A person with identifiers and devices; a merged id answers its tombstone with mergedInto', params: IdParams, response: { 200: PersonDetail, ...errors(401, 403, 404) } },
  }, async (request) => {
    const p = await personOr404(request, (request.params as { id: string }).id);
    const docs = p.mergedInto ? [] : await Identifiers.find(scopedFilter(request, 'read', 'Person', { personId: p._id })).sort({ lastSeenAt: -1 }).lean<any[]>();
    const fields = Object.keys(flatTraits(p.traits));
    if (fields.length) await ctx.privacy.audit.record({ tenantId: tenantOf(request), actor: auditActor(request), action: 'pii.decrypt', target: { type: 'Person', id: p._id }, details: { fields } });
    return { ...personOut(p), identifiers: docs.map(identifierOut), devices: docs.filter((d) => isDeviceKind(d.kind)).map(deviceOut) };
  });

  app.get('/persons/:id/merges', {
    config: { access: { action: 'read', subject: 'Person' } },
    schema: { tags, summary: 'Merges, splits and conflicts involving the person, newest first', params: IdParams, response: { 200: Type.Array(MergeRecord), ...errors(401, 403, 404) } },
  }, async (request) => {
    const p = await personOr404(request, (request.params as { id: string }).id);
    const rows = await Merges.find(scopedFilter(request, 'read', 'Person', { $or: [{ fromPersonId: p._id }, { intoPersonId: p._id }] })).sort({ at: -1, _id: -1 }).limit(500).lean<any[]>();
    return rows.map(recordView);
  });

  app.get('/persons/:id/events', {
    config: { access: { action: 'read', subject: 'Person' } },
    schema: { tags, summary: "The person's events, newest first (a merged id answers the surviving person's)", params: IdParams, querystring: PersonEventsQuery, response: { 200: Type.Array(EventRecord), ...errors(400, 401, 403, 404) } },
  }, async (request) => {
    const tenantId = tenantOf(request);
    const p = await personOr404(request, (request.params as { id: string }).id);
    const live = p.mergedInto ? ((await repo.liveOf(tenantId, p._id)) ?? p._id) : p._id;
    const { limit = 50, before } = request.query as { limit?: number; before?: string };
    const docs = await Identifiers.find({ tenantId, personId: live }).select('kind value').lean<{ kind: string; value: string }[]>();
    const anonymousIds = docs.filter((d) => d.kind === 'anonymous_id').map((d) => d.value);
    const userIds = docs.filter((d) => d.kind === 'user_id').map((d) => d.value);
    const mine = new Set([live, ...(await Persons.find({ tenantId, mergedInto: live }).select('_id').lean<{ _id: string }[]>()).map((t) => t._id)]);
    // A device's events with another user's userId (a shared device) belong to that user: skip them.
    const belongs = (e: { personId: string | null; userId: string | null }) => (e.personId ? mine.has(e.personId) : !e.userId || userIds.includes(e.userId));
    const out: ReturnType<typeof eventOut>[] = [];
    let cursor = before ? new Date(before) : undefined;
    for (let round = 0; round < 5 && out.length < limit && (anonymousIds.length || userIds.length); round++) {
      const page = await ctx.events.find(tenantId, { anonymousIds, userIds, before: cursor, limit });
      out.push(...page.filter(belongs).map(eventOut));
      if (page.length < limit) break;
      cursor = new Date(page[page.length - 1].receivedAt);
    }
    return out.slice(0, limit);
  });

  app.post('/persons/:id/split', {
    config: { access: { action: 'split', subject: 'Person' } },
    schema: {
      tags, summary: 'Move identifiers to a new person and re-attribute their events (a wrong merge, e.g. a shared tablet)',
      params: IdParams, body: SplitBody, response: { 200: SplitResult, ...errors(400, 401, 403, 404, 503) },
    },
  }, async (request) => {
    const id = (request.params as { id: string }).id;
    await personOr404(request, id);
    const refs: IdentifierRef[] = [];
    for (const key of (request.body as { identifiers: string[] }).identifiers) {
      const ref = parseRefKey(key);
      if (!ref) throw identityError('IDENTITY_ERR_INVALID_IDENTIFIER', [`"${key}" is not "kind:value" (kind: user_id, anonymous_id, device_id, email_hash, external:<ns>)`], { field: 'body.identifiers', value: key });
      refs.push(ref);
    }
    const actor = request.principal?.kind === 'user' ? request.principal.userId : null;
    const res = await splitPerson(repo, tenantOf(request), id, refs, actor);
    identityServices(ctx).announce(BUS_SPLIT, tenantOf(request), { personId: res.personId, newPersonId: res.newPersonId, identifiers: res.identifiers });
    request.log.info({ personId: res.personId, newPersonId: res.newPersonId, moved: res.identifiers.length, reattributed: res.reattributed }, 'identity split');
    return { personId: res.personId, newPersonId: res.newPersonId };
  });
}
