import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { PluginContext } from '../../../server/src/core/plugin-contract.ts';
import { crudRoutes } from '../../../server/src/http/crud-routes.ts';
import { scopedFilter, tenantOf } from '../../../server/src/auth/scoped-query.ts';
import { findPage, parseListQuery, sendPage } from '../../../server/src/http/list-query.ts';
import { coreError } from '../../../server/src/errors/app-error.ts';
import { IdParams, ListQuery, errors } from '../../../server/src/schemas/common.ts';
import { ChannelCreate, ChannelRecord, ChannelUpdate, ImportCreate, ImportRecord, ProductCreate, ProductRecord, ProductUpdate } from '../schemas/catalog.schema.ts';
import { IMPORT_JOB } from '../constants.ts';

const iso = (d: unknown) => new Date((d as string) ?? Date.now()).toISOString();
const productOut = (p: any) => ({ id: p._id, sku: p.sku, title: p.title, description: p.description ?? '', price: p.price, currency: p.currency, channels: p.channels ?? [], stock: p.stock ?? 0, updatedAt: iso(p.updatedAt) });
const channelOut = (c: any) => ({ id: c._id, key: c.key, name: c.name, kind: c.kind });
const importOut = (i: any) => ({ id: i._id, status: i.status, total: i.total, processed: i.processed, failed: i.failed, errors: i.rowErrors ?? [], jobId: i.jobId ?? null, createdAt: iso(i.createdAt) });

export async function catalogRoutes(app: FastifyInstance, ctx: PluginContext): Promise<void> {
  const tags = ['catalog'];
  crudRoutes(app, {
    resource: 'products', subject: 'Product', model: ctx.model('Product'), record: ProductRecord, create: ProductCreate, update: ProductUpdate,
    list: { sortable: ['sku', 'title', 'price', 'stock', 'updatedAt', 'createdAt'], filterable: ['currency', 'channels', 'sku'], searchable: ['title', 'sku'] },
    toRecord: productOut, tags, publishableRead: true,
    // Price and stock changes reach every channel: the bus tells sync/consistency plugins at once.
    afterWrite: (tenantId, kind, doc) => ctx.bus.publish('catalog.product.changed', tenantId, { kind, productId: doc._id, price: doc.price, currency: doc.currency, stock: doc.stock }),
  });
  crudRoutes(app, {
    resource: 'channels', subject: 'Channel', model: ctx.model('Channel'), record: ChannelRecord, create: ChannelCreate, update: ChannelUpdate,
    list: { sortable: ['key', 'name', 'kind', 'createdAt'], filterable: ['kind'], searchable: ['key', 'name'] },
    toRecord: channelOut, tags, publishableRead: true,
  });

  const Imports = ctx.model('CatalogImport');
  app.get('/imports', { config: { access: { action: 'read', subject: 'CatalogImport' } }, schema: { tags, querystring: ListQuery, response: { 200: Type.Array(ImportRecord), ...errors(400, 401, 403) } } }, async (request, reply) => {
    const q = parseListQuery(request.query as any, { sortable: ['createdAt', 'status', 'total'], filterable: ['status'] });
    const filter = scopedFilter(request, 'read', 'CatalogImport', q.filter);
    const [rows, total] = await findPage(Imports, filter, q);
    return sendPage(reply, 'imports', rows.map(importOut), q.skip, total);
  });
  app.get('/imports/:id', { config: { access: { action: 'read', subject: 'CatalogImport' } }, schema: { tags, params: IdParams, response: { 200: ImportRecord, ...errors(401, 403, 404) } } }, async (request) => {
    const doc = await Imports.findOne(scopedFilter(request, 'read', 'CatalogImport', { _id: (request.params as any).id })).lean();
    if (!doc) throw coreError('CORE_ERR_NOT_FOUND', ['CatalogImport']);
    return importOut(doc);
  });
  app.post('/imports', {
    config: { access: { action: 'create', subject: 'CatalogImport' } },
    schema: { tags, summary: 'Bulk upsert products by SKU in a background job', body: ImportCreate, response: { 202: ImportRecord, ...errors(400, 401, 403, 413) } },
  }, async (request, reply) => {
    const tenantId = tenantOf(request);
    const { products } = request.body as { products: unknown[] };
    const doc = await Imports.create({ tenantId, rows: products, total: products.length });
    const job = await ctx.enqueue(tenantId, IMPORT_JOB, { importId: doc._id }, { jobId: `import-${doc._id}` });
    await Imports.updateOne({ _id: doc._id, tenantId }, { $set: { jobId: job.id } });
    return reply.status(202).send(importOut({ ...doc.toObject(), jobId: job.id }));
  });
}
