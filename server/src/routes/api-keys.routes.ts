import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { API_KEY_KINDS } from '../models/core-models.ts';
import { hashToken, keyPrefix, newApiKey } from '../auth/tokens.ts';
import { scopedFilter, tenantOf } from '../auth/scoped-query.ts';
import { findPage, parseListQuery, sendPage } from '../http/list-query.ts';
import { coreError } from '../errors/app-error.ts';
import { updateOneAndRead } from '../db/single-doc.ts';
import { DateTime, IdParams, ListQuery, errors } from '../schemas/common.ts';
import { auditRequest } from './audit.routes.ts';

const KeyRecord = Type.Object({
  id: Type.String(), name: Type.String(), kind: Type.String(), prefix: Type.String(), createdAt: Type.String(),
  revokedAt: DateTime, lastUsedAt: DateTime,
});
const CreateKey = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 120 }),
  kind: Type.Enum([...API_KEY_KINDS]),
}, { additionalProperties: false });

const iso = (d: unknown) => (d ? new Date(d as string).toISOString() : null);
const out = (k: any) => ({ id: k._id, name: k.name, kind: k.kind, prefix: k.prefix, createdAt: iso(k.createdAt)!, revokedAt: iso(k.revokedAt), lastUsedAt: iso(k.lastUsedAt) });
const LIST = { sortable: ['name', 'kind', 'createdAt', 'revokedAt', 'lastUsedAt'], filterable: ['kind'], searchable: ['name', 'prefix'] };

/** Per-tenant API keys: the full key is returned once at creation; only its hash is stored. DELETE revokes. */
export async function apiKeyRoutes(app: FastifyInstance): Promise<void> {
  const { ApiKey } = app.lockstep.models;
  const tags = ['api-keys'];

  app.get('/api/api-keys', { config: { access: { action: 'read', subject: 'ApiKey' } }, schema: { tags, querystring: ListQuery, response: { 200: Type.Array(KeyRecord), ...errors(400, 401, 403) } } }, async (request, reply) => {
    const q = parseListQuery(request.query as any, LIST);
    const filter = scopedFilter(request, 'read', 'ApiKey', q.filter);
    const [rows, total] = await findPage(ApiKey, filter, q);
    return sendPage(reply, 'api-keys', rows.map(out), q.skip, total);
  });

  app.get('/api/api-keys/:id', { config: { access: { action: 'read', subject: 'ApiKey' } }, schema: { tags, params: IdParams, response: { 200: KeyRecord, ...errors(401, 403, 404) } } }, async (request) => {
    const k = await ApiKey.findOne(scopedFilter(request, 'read', 'ApiKey', { _id: (request.params as any).id })).lean();
    if (!k) throw coreError('CORE_ERR_NOT_FOUND', ['API key']);
    return out(k);
  });

  app.post('/api/api-keys', { config: { access: { action: 'create', subject: 'ApiKey' } }, schema: { tags, body: CreateKey, response: { 201: Type.Intersect([KeyRecord, Type.Object({ key: Type.String() })]), ...errors(400, 401, 403) } } }, async (request, reply) => {
    const { name, kind } = request.body as { name: string; kind: 'publishable' | 'secret' };
    const key = newApiKey(kind);
    const p = request.principal!;
    const doc = await ApiKey.create({ tenantId: tenantOf(request), name, kind, prefix: keyPrefix(key), keyHash: hashToken(key), createdBy: p.kind === 'user' ? p.userId : p.keyId });
    await auditRequest(request, 'apikey.create', { type: 'ApiKey', id: doc._id }, { kind });
    return reply.status(201).send({ ...out(doc.toObject()), key });
  });

  app.delete('/api/api-keys/:id', { config: { access: { action: 'delete', subject: 'ApiKey' } }, schema: { tags, summary: 'Revoke a key (it stays listed, revoked)', params: IdParams, response: { 200: KeyRecord, ...errors(401, 403, 404) } } }, async (request) => {
    const filter = scopedFilter(request, 'delete', 'ApiKey', { _id: (request.params as any).id });
    const existing = await ApiKey.findOne(filter).lean<any>();
    if (!existing) throw coreError('CORE_ERR_NOT_FOUND', ['API key']);
    if (existing.revokedAt) return out(existing);
    const k = await updateOneAndRead(ApiKey, filter, { $set: { revokedAt: new Date() } });
    await app.lockstep.invalidateCredentials({ keyId: existing._id });
    await auditRequest(request, 'apikey.revoke', { type: 'ApiKey', id: existing._id }, { kind: existing.kind });
    return out(k);
  });
}
