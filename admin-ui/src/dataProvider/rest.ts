import type { DataProvider, Identifier } from 'react-admin';
import { httpClient } from './http';
import { recordUrl, resourceUrl, totalFromContentRange } from './paths';

const json = (body: unknown) => JSON.stringify(body);

/** ra-data-simple-rest conventions (sort, range, filter, Content-Range), against the Lockstep API. */
export const restProvider: DataProvider = {
  async getList(resource, params) {
    const { page, perPage } = params.pagination ?? { page: 1, perPage: 25 };
    const { field, order } = params.sort ?? { field: 'id', order: 'ASC' };
    const query = new URLSearchParams({
      sort: json([field, order]),
      range: json([(page - 1) * perPage, page * perPage - 1]),
      filter: json(params.filter ?? {}),
    });
    const { headers, json: data } = await httpClient(`${resourceUrl(resource)}?${query}`, { signal: params.signal });
    return { data, total: totalFromContentRange(headers.get('Content-Range'), data.length) };
  },

  async getOne(resource, params) {
    const { json: data } = await httpClient(recordUrl(resource, params.id), { signal: params.signal });
    return { data };
  },

  async getMany(resource, params) {
    const records = await Promise.all(
      params.ids.map((id) => httpClient(recordUrl(resource, id), { signal: params.signal }).then((r) => r.json)),
    );
    return { data: records };
  },

  async getManyReference(resource, params) {
    return restProvider.getList(resource, { ...params, filter: { ...params.filter, [params.target]: params.id } });
  },

  async create(resource, params) {
    const { json: data } = await httpClient(resourceUrl(resource), { method: 'POST', body: json(params.data) });
    return { data: { ...params.data, ...data } };
  },

  async update(resource, params) {
    const { json: data } = await httpClient(recordUrl(resource, params.id), { method: 'PUT', body: json(params.data) });
    return { data };
  },

  async updateMany(resource, params) {
    await Promise.all(params.ids.map((id) => restProvider.update(resource, { id, data: params.data, previousData: undefined })));
    return { data: params.ids };
  },

  async delete(resource, params) {
    const { json: data } = await httpClient(recordUrl(resource, params.id), { method: 'DELETE' });
    return { data: data ?? params.previousData };
  },

  async deleteMany(resource, params) {
    await Promise.all(params.ids.map((id: Identifier) => httpClient(recordUrl(resource, id), { method: 'DELETE' })));
    return { data: params.ids };
  },
};
