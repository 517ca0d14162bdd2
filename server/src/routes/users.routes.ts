import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { USER_ROLES } from '../models/core-models.ts';
import { hashPassword } from '../auth/password.ts';
import { scopedFilter, tenantOf } from '../auth/scoped-query.ts';
import { findPage, parseListQuery, sendPage } from '../http/list-query.ts';
import { coreError } from '../errors/app-error.ts';
import { deleteOneAndRead, updateOneAndRead } from '../db/single-doc.ts';
import { IdParams, ListQuery, errors, DateTime } from '../schemas/common.ts';
import { auditRequest } from './audit.routes.ts';

const Role = Type.Enum([...USER_ROLES]);
const UserRecord = Type.Object({
  id: Type.String(), email: Type.String(), name: Type.String(), role: Type.String(),
  platformRole: Type.Union([Type.String(), Type.Null()]), createdAt: Type.String(), lastLoginAt: DateTime,
});
const CreateUser = Type.Object({
  email: Type.String({ format: 'email', maxLength: 254 }),
  name: Type.Optional(Type.String({ maxLength: 120 })),
  role: Role,
  password: Type.String({ minLength: 10, maxLength: 200 }),
}, { additionalProperties: false });
const UpdateUser = Type.Object({
  name: Type.Optional(Type.String({ maxLength: 120 })),
  role: Type.Optional(Role),
  password: Type.Optional(Type.String({ minLength: 10, maxLength: 200 })),
}, { additionalProperties: true });

const out = (u: any) => ({ id: u._id, email: u.email, name: u.name ?? '', role: u.role, platformRole: u.platformRole ?? null, createdAt: new Date(u.createdAt).toISOString(), lastLoginAt: u.lastLoginAt ? new Date(u.lastLoginAt).toISOString() : null });
const LIST = { sortable: ['email', 'name', 'role', 'createdAt', 'lastLoginAt'], filterable: ['role'], searchable: ['email', 'name'] };

export async function userRoutes(app: FastifyInstance): Promise<void> {
  const { User, Session } = app.lockstep.models;
  const tags = ['users'];

  app.get('/api/users', { config: { access: { action: 'read', subject: 'User' } }, schema: { tags, querystring: ListQuery, response: { 200: Type.Array(UserRecord), ...errors(400, 401, 403) } } }, async (request, reply) => {
    const q = parseListQuery(request.query as any, LIST);
    const filter = scopedFilter(request, 'read', 'User', q.filter);
    const [rows, total] = await findPage(User, filter, q);
    return sendPage(reply, 'users', rows.map(out), q.skip, total);
  });

  app.get('/api/users/:id', { config: { access: { action: 'read', subject: 'User' } }, schema: { tags, params: IdParams, response: { 200: UserRecord, ...errors(401, 403, 404) } } }, async (request) => {
    const u = await User.findOne(scopedFilter(request, 'read', 'User', { _id: (request.params as any).id })).lean();
    if (!u) throw coreError('CORE_ERR_NOT_FOUND', ['User']);
    return out(u);
  });

  app.post('/api/users', { config: { access: { action: 'create', subject: 'User' } }, schema: { tags, body: CreateUser, response: { 201: UserRecord, ...errors(400, 401, 403, 409) } } }, async (request, reply) => {
    const body = request.body as { email: string; name?: string; role: string; password: string };
    const doc = { tenantId: tenantOf(request), email: body.email, name: body.name ?? '', role: body.role, passwordHash: await hashPassword(body.password) };
    if (!request.ability.can('create', { ...doc, constructor: User } as any)) throw coreError('CORE_ERR_FORBIDDEN', ['create User']);
    const u = await User.create(doc);
    await auditRequest(request, 'user.create', { type: 'User', id: u._id }, { role: body.role });
    return reply.status(201).send(out(u.toObject()));
  });

  app.put('/api/users/:id', { config: { access: { action: 'update', subject: 'User' } }, schema: { tags, params: IdParams, body: UpdateUser, response: { 200: UserRecord, ...errors(400, 401, 403, 404) } } }, async (request) => {
    const body = request.body as { name?: string; role?: string; password?: string };
    const set: Record<string, unknown> = {};
    if (body.name !== undefined) set.name = body.name;
    if (body.role !== undefined) set.role = body.role;
    if (body.password !== undefined) set.passwordHash = await hashPassword(body.password);
    const filter = scopedFilter(request, 'update', 'User', { _id: (request.params as any).id });
    const u = await updateOneAndRead(User, filter, { $set: set });
    if (!u) throw coreError('CORE_ERR_NOT_FOUND', ['User']);
    if (body.password !== undefined || body.role !== undefined) {
      await Session.deleteMany({ tenantId: (u as any).tenantId, userId: (u as any)._id });
      await app.lockstep.invalidateCredentials({ userId: (u as any)._id });
    }
    await auditRequest(request, 'user.update', { type: 'User', id: (u as any)._id }, { fields: Object.keys(body).filter((k) => k in set || (k === 'password' && 'passwordHash' in set)), ...(body.role !== undefined ? { role: body.role } : {}) });
    return out(u);
  });

  app.delete('/api/users/:id', { config: { access: { action: 'delete', subject: 'User' } }, schema: { tags, params: IdParams, response: { 200: UserRecord, ...errors(401, 403, 404, 409) } } }, async (request) => {
    const id = (request.params as any).id;
    if (request.principal?.kind === 'user' && request.principal.userId === id) throw coreError('CORE_ERR_CONFLICT', ['you cannot delete yourself']);
    const u = await deleteOneAndRead(User, scopedFilter(request, 'delete', 'User', { _id: id }));
    if (!u) throw coreError('CORE_ERR_NOT_FOUND', ['User']);
    await Session.deleteMany({ tenantId: (u as any).tenantId, userId: id });
    await app.lockstep.invalidateCredentials({ userId: id });
    await auditRequest(request, 'user.delete', { type: 'User', id });
    return out(u);
  });
}
