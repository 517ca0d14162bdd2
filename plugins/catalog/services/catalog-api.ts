import type { PluginContext } from '../../../server/src/core/plugin-contract.ts';

export interface ProductFacts { price: number; currency: string; stock: number; title: string }

/** What `ctx.use<CatalogApi>('catalog')` gives dependent plugins (sync shows current prices and stock in carts). */
export interface CatalogApi {
  /** Current price, currency, stock and title of these products (lookups by `_id`); null for unknown ids. */
  facts(tenantId: string, productIds: string[]): Promise<Record<string, ProductFacts | null>>;
}

export function createCatalogApi(ctx: PluginContext): CatalogApi {
  const products = ctx.model('Product');
  return {
    async facts(tenantId, productIds) {
      const ids = [...new Set(productIds)];
      const docs = await Promise.all(ids.map((id) => products.findOne({ _id: id }).setOptions({ crossTenant: true }).lean<any>()));
      const out: Record<string, ProductFacts | null> = {};
      ids.forEach((id, i) => {
        const d = docs[i];
        Object.defineProperty(out, id, {
          value: d && d.tenantId === tenantId ? { price: d.price, currency: d.currency, stock: d.stock ?? 0, title: d.title } : null,
          enumerable: true, writable: true, configurable: true,
        });
      });
      return out;
    },
  };
}
