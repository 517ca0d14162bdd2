import type { InventoryField } from './types';

export interface InventoryFilter {
  /** Matches owner, collection, field or model (case-insensitive). */
  q: string;
  category: string | null;
  /** Only fields stored in clear. */
  clearOnly: boolean;
}

export function filterFields(fields: InventoryField[], f: InventoryFilter): InventoryField[] {
  const q = f.q.trim().toLowerCase();
  return fields.filter((x) =>
    (!q || [x.owner, x.collection, x.field, x.model].some((s) => s.toLowerCase().includes(q)))
    && (!f.category || x.category === f.category)
    && (!f.clearOnly || x.encrypted !== true));
}
