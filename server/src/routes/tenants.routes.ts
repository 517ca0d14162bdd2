import type { FastifyInstance } from 'fastify';
import { accessibleBy } from '@casl/mongoose';
import { Type } from 'typebox';
import { findPage, parseListQuery, sendPage } from '../http/list-query.ts';
import { coreError } from '../errors/app-error.ts';
import { updateOneAndRead } from '../db/single-doc.ts';
import { IdParams, ListQuery, errors } from '../schemas/common.ts';
import { auditRequest } from './audit.routes.ts';

const TenantRecord = Type.Object({ id: Type.String(), name: Type.String(), slug: Type.String(), status: Type.String(), createdAt: Type.String() });
const CreateTenant = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 120 }),
  slug: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,62}$' }),
}, { additionalProperties: false });
const UpdateTenant = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
  status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('suspended')])),
}, { additionalProperties: true });

const out = (t: any) => ({ id: t._id, name: t.name, slug: t.slug, status: t.status, createdAt: new Date(t.createdAt).toISOString() });
const LIST = { sortable: ['name', 'slug', 'status', 'createdAt'], filterable: ['status', 'slug'], searchable: ['name', 'slug'] };

/** Tenants are managed by platform owners; a tenant owner can read their own. */
export async function tenantRoutes(app: FastifyInstance): Promise<void> {
  const { Tenant } = app.lockstep.models;
  const tags = ['tenants'];
  const allowed = (request: any, action: string, extra: object = {}) => ({ $and: [accessibleBy(request.ability, action).ofType('Tenant'), extra] });

  app.get('/api/tenants', { config: { access: { action: 'read', subject: 'Tenant' } }, schema: { tags, querystring: ListQuery, response: { 200: Type.Array(TenantRecord), ...errors(400, 401, 403) } } }, async (request, reply) => {
    const q = parseListQuery(request.query as any, LIST);
    const filter = allowed(request, 'read', q.filter);
    const [rows, total] = await findPage(Tenant, filter, q);
    return sendPage(reply, 'tenants', rows.map(out), q.skip, total);
  });

  app.get('/api/tenants/:id', { config: { access: { action: 'read', subject: 'Tenant' } }, schema: { tags, params: IdParams, response: { 200: TenantRecord, ...errors(401, 403, 404) } } }, async (request) => {
    const t = await Tenant.findOne(allowed(request, 'read', { _id: (request.params as any).id })).lean();
    if (!t) throw coreError('CORE_ERR_NOT_FOUND', ['Tenant']);
    return out(t);
  });

  app.post('/api/tenants', { config: { access: { action: 'create', subject: 'Tenant' } }, schema: { tags, body: CreateTenant, response: { 201: TenantRecord, ...errors(400, 401, 403, 409) } } }, async (request, reply) => {
    const t = await Tenant.create(request.body as object);
    await auditRequest(request, 'tenant.create', { type: 'Tenant', id: t._id }, { slug: t.slug }, { platform: true });
    return reply.status(201).send(out(t.toObject()));
  });

  app.put('/api/tenants/:id', { config: { access: { action: 'update', subject: 'Tenant' } }, schema: { tags, params: IdParams, body: UpdateTenant, response: { 200: TenantRecord, ...errors(400, 401, 403, 404) } } }, async (request) => {
    const { name, status } = request.body as { name?: string; status?: string };
    const set = Object.fromEntries(Object.entries({ name, status }).filter(([, v]) => v !== undefined));
    const t = await updateOneAndRead(Tenant, allowed(request, 'update', { _id: (request.params as any).id }), { $set: set });
    if (!t) throw coreError('CORE_ERR_NOT_FOUND', ['Tenant']);
    // Suspension applies at once, on every instance: cached credentials of the tenant are dropped.
    if (status !== undefined) await app.lockstep.invalidateCredentials({ tenantId: t._id });
    await auditRequest(request, 'tenant.update', { type: 'Tenant', id: t._id }, { fields: Object.keys(set), ...(status !== undefined ? { status } : {}) }, { platform: true });
    return out(t);
  });
}
