import type { FastifyInstance } from 'fastify';
import type { Model } from 'mongoose';
import { Type, type TSchema } from 'typebox';
import { scopedFilter, tenantOf } from '../auth/scoped-query.ts';
import { coreError } from '../errors/app-error.ts';
import { deleteOneAndRead, updateOneAndRead } from '../db/single-doc.ts';
import { findPage, parseListQuery, sendPage, type ListOptions } from './list-query.ts';
import { IdParams, ListQuery, errors } from '../schemas/common.ts';

export interface CrudOptions {
  /** URL segment and Content-Range name, e.g. `products`. */
  resource: string;
  /** CASL subject (also the model name). */
  subject: string;
  model: Model<any>;
  record: TSchema;
  create: TSchema;
  update: TSchema;
  list: ListOptions;
  toRecord: (doc: any) => unknown;
  /** Called after a write, e.g. to publish an event. */
  afterWrite?: (tenantId: string, kind: 'create' | 'update' | 'delete', doc: any) => Promise<void>;
  tags?: string[];
  /** Let publishable keys read (e.g. a storefront reading products). */
  publishableRead?: boolean;
}

/**
 * Tenant-scoped, CASL-checked list/get/create/update/delete in ra-data-simple-rest shape, for plugin
 * resources that need nothing special. Mounted inside the plugin's encapsulated prefix.
 */
export function crudRoutes(app: FastifyInstance, o: CrudOptions): void {
  const { model, subject, resource } = o;
  const tags = o.tags ?? [resource];
  const path = `/${resource}`;

  app.get(path, { config: { access: { action: 'read', subject }, publishable: o.publishableRead }, schema: { tags, querystring: ListQuery, response: { 200: Type.Array(o.record), ...errors(400, 401, 403, 404) } } }, async (request, reply) => {
    const q = parseListQuery(request.query as any, o.list);
    const filter = scopedFilter(request, 'read', subject, q.filter);
    const [rows, total] = await findPage(model, filter, q);
    return sendPage(reply, resource, rows.map(o.toRecord), q.skip, total);
  });

  app.get(`${path}/:id`, { config: { access: { action: 'read', subject }, publishable: o.publishableRead }, schema: { tags, params: IdParams, response: { 200: o.record, ...errors(401, 403, 404) } } }, async (request) => {
    const doc = await model.findOne(scopedFilter(request, 'read', subject, { _id: (request.params as any).id })).lean();
    if (!doc) throw coreError('CORE_ERR_NOT_FOUND', [subject]);
    return o.toRecord(doc);
  });

  app.post(path, { config: { access: { action: 'create', subject } }, schema: { tags, body: o.create, response: { 201: o.record, ...errors(400, 401, 403, 404, 409) } } }, async (request, reply) => {
    const tenantId = tenantOf(request);
    const doc = (await model.create({ ...(request.body as object), tenantId })).toObject();
    await o.afterWrite?.(tenantId, 'create', doc);
    return reply.status(201).send(o.toRecord(doc));
  });

  app.put(`${path}/:id`, { config: { access: { action: 'update', subject } }, schema: { tags, params: IdParams, body: o.update, response: { 200: o.record, ...errors(400, 401, 403, 404, 409) } } }, async (request) => {
    const allowedKeys = Object.keys((o.update as { properties?: object }).properties ?? {});
    const set = Object.fromEntries(Object.entries(request.body as object).filter(([k]) => allowedKeys.includes(k)));
    const doc = await updateOneAndRead(model, scopedFilter(request, 'update', subject, { _id: (request.params as any).id }), { $set: set });
    if (!doc) throw coreError('CORE_ERR_NOT_FOUND', [subject]);
    await o.afterWrite?.(tenantOf(request), 'update', doc);
    return o.toRecord(doc);
  });

  app.delete(`${path}/:id`, { config: { access: { action: 'delete', subject } }, schema: { tags, params: IdParams, response: { 200: o.record, ...errors(401, 403, 404) } } }, async (request) => {
    const doc = await deleteOneAndRead(model, scopedFilter(request, 'delete', subject, { _id: (request.params as any).id }));
    if (!doc) throw coreError('CORE_ERR_NOT_FOUND', [subject]);
    await o.afterWrite?.(tenantOf(request), 'delete', doc);
    return o.toRecord(doc);
  });
}
