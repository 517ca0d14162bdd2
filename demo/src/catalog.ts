import type { ProductRecord } from '../../plugins/catalog/schemas/catalog.schema.ts';
/** Reads the catalogue with the publishable key: GET /api/plugins/catalog/products (ra-data-simple-rest lists). */
export type Product = ProductRecord;

export type SortKey = 'newest' | 'price-asc' | 'price-desc' | 'title';
const SORTS: Record<SortKey, [string, 'ASC' | 'DESC']> = {
  newest: ['updatedAt', 'DESC'],
  'price-asc': ['price', 'ASC'],
  'price-desc': ['price', 'DESC'],
  title: ['title', 'ASC'],
};
export const SORT_LABELS: Record<SortKey, string> = { newest: 'Newest', 'price-asc': 'Price: low to high', 'price-desc': 'Price: high to low', title: 'Name' };
export const isSortKey = (v: unknown): v is SortKey => typeof v === 'string' && v in SORTS;

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
    this.name = 'ApiError';
  }
}

export class CatalogClient {
  private readonly base: string;
  constructor(endpoint: string, private readonly key: string) {
    this.base = `${endpoint.replace(/\/+$/, '')}/api/plugins/catalog/products`;
  }

  async list(opts: { q?: string; page: number; perPage: number; sort: SortKey }): Promise<{ items: Product[]; total: number }> {
    const start = opts.page * opts.perPage;
    const params = new URLSearchParams({
      sort: JSON.stringify(SORTS[opts.sort]),
      range: JSON.stringify([start, start + opts.perPage - 1]),
      filter: JSON.stringify(opts.q ? { q: opts.q } : {}),
    });
    const res = await this.get(`${this.base}?${params}`);
    const items = (await res.json()) as Product[];
    const total = Number(/\/(\d+)$/.exec(res.headers.get('content-range') ?? '')?.[1] ?? items.length);
    return { items, total };
  }

  async one(id: string): Promise<Product> {
    const res = await this.get(`${this.base}/${encodeURIComponent(id)}`);
    return (await res.json()) as Product;
  }

  private async get(url: string): Promise<Response> {
    const res = await fetch(url, { headers: { authorization: `Bearer ${this.key}`, accept: 'application/json' } });
    if (res.ok) return res;
    const body = (await res.json().catch(() => ({}))) as { code?: string; message?: string };
    throw new ApiError(res.status, body.code ?? 'HTTP_ERROR', body.message ?? `${res.status} ${res.statusText}`);
  }
}
