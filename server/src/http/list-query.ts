import type { FastifyReply } from 'fastify';
import type { Model } from 'mongoose';
import { coreError } from '../errors/app-error.ts';

export interface ParsedList {
  sort: Record<string, 1 | -1>;
  skip: number;
  limit: number;
  filter: Record<string, unknown>;
}

export interface ListOptions {
  sortable: string[];
  filterable: string[];
  /** Fields searched case-insensitively by filter.q */
  searchable?: string[];
  defaultSort?: [string, 'ASC' | 'DESC'];
  maxPage?: number;
}

function parseJson(name: string, raw: string | undefined): unknown {
  if (raw === undefined || raw === '') return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    throw coreError('CORE_ERR_INVALID_LIST_QUERY', [`${name}: not JSON`], { field: `querystring.${name}` });
  }
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Parses react-admin's sort/range/filter into a whitelisted mongo query; unknown fields are a 400, never ignored. */
export function parseListQuery(query: { sort?: string; range?: string; filter?: string }, opts: ListOptions): ParsedList {
  const sortRaw = parseJson('sort', query.sort) ?? opts.defaultSort ?? ['createdAt', 'DESC'];
  if (!Array.isArray(sortRaw) || sortRaw.length !== 2 || typeof sortRaw[0] !== 'string' || !['ASC', 'DESC'].includes(String(sortRaw[1]).toUpperCase())) {
    throw coreError('CORE_ERR_INVALID_LIST_QUERY', ['sort: expected ["field","ASC"|"DESC"]'], { field: 'querystring.sort' });
  }
  const sortField = sortRaw[0] === 'id' ? '_id' : sortRaw[0];
  if (!opts.sortable.includes(sortRaw[0]) && sortRaw[0] !== 'id') {
    throw coreError('CORE_ERR_INVALID_LIST_QUERY', [`sort: cannot sort by "${sortRaw[0]}" (allowed: id, ${opts.sortable.join(', ')})`], { field: 'querystring.sort' });
  }
  const rangeRaw = parseJson('range', query.range) ?? [0, 24];
  const max = opts.maxPage ?? 500;
  if (!Array.isArray(rangeRaw) || rangeRaw.length !== 2 || !rangeRaw.every((n) => Number.isSafeInteger(n) && n >= 0) || rangeRaw[1] < rangeRaw[0] || rangeRaw[1] - rangeRaw[0] >= max) {
    throw coreError('CORE_ERR_INVALID_LIST_QUERY', [`range: expected [start,end] with 0 ≤ start ≤ end and at most ${max} rows`], { field: 'querystring.range' });
  }
  const filterRaw = (parseJson('filter', query.filter) ?? {}) as Record<string, unknown>;
  if (typeof filterRaw !== 'object' || Array.isArray(filterRaw) || filterRaw === null) {
    throw coreError('CORE_ERR_INVALID_LIST_QUERY', ['filter: expected a JSON object'], { field: 'querystring.filter' });
  }
  const filter: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(filterRaw)) {
    if (k === 'q') {
      if (typeof v !== 'string') throw coreError('CORE_ERR_INVALID_LIST_QUERY', ['filter.q must be a string'], { field: 'querystring.filter.q' });
      if (v && opts.searchable?.length) filter.$or = opts.searchable.map((f) => ({ [f]: { $regex: escapeRegex(v), $options: 'i' } }));
      continue;
    }
    if (k === 'id') { filter._id = Array.isArray(v) ? { $in: v.map(String) } : String(v); continue; }
    if (!opts.filterable.includes(k)) {
      throw coreError('CORE_ERR_INVALID_LIST_QUERY', [`filter: cannot filter by "${k}" (allowed: q, id, ${opts.filterable.join(', ')})`], { field: `querystring.filter.${k}` });
    }
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) throw coreError('CORE_ERR_INVALID_LIST_QUERY', [`filter.${k}: operators are not accepted`], { field: `querystring.filter.${k}` });
    filter[k] = Array.isArray(v) ? { $in: v } : v;
  }
  return {
    sort: { [sortField]: String(sortRaw[1]).toUpperCase() === 'ASC' ? 1 : -1, ...(sortField !== '_id' ? { _id: 1 as const } : {}) },
    skip: rangeRaw[0],
    limit: rangeRaw[1] - rangeRaw[0] + 1,
    filter,
  };
}

/** One page of a filtered query and the total count, run together. */
export async function findPage(model: Model<any>, filter: Record<string, unknown>, q: ParsedList): Promise<[any[], number]> {
  return Promise.all([model.find(filter).sort(q.sort).skip(q.skip).limit(q.limit).lean<any[]>(), model.countDocuments(filter)]);
}

export function sendPage<T>(reply: FastifyReply, resource: string, rows: T[], skip: number, total: number): T[] {
  const end = rows.length ? skip + rows.length - 1 : skip;
  reply.header('Content-Range', `${resource} ${skip}-${end}/${total}`);
  return rows;
}
