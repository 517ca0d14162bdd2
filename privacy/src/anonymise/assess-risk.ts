import { anonymiseError } from './errors.ts';
import { prosecutorRisk, type ProsecutorRisk } from './risk.ts';

/**
 * Prosecutor re-identification risk of a table as it is: records sharing every quasi-identifier value form a class.
 * For checking raw data or an export before it leaves (no hierarchies needed).
 */
export function assessRisk(rows: readonly Record<string, unknown>[], quasiIdentifiers: readonly string[], threshold = 0.2): ProsecutorRisk & { classes: number; records: number } {
  if (!quasiIdentifiers.length) throw anonymiseError('PRIVACY_ERR_ANON_INVALID_OPTIONS', ['quasiIdentifiers must list at least one attribute']);
  const sizes = new Map<string, number>();
  rows.forEach((row, r) => {
    if (row === null || typeof row !== 'object') throw anonymiseError('PRIVACY_ERR_ANON_INVALID_ROW', [r, 'must be an object']);
    const key = JSON.stringify(quasiIdentifiers.map((q) => row[q] ?? null));
    sizes.set(key, (sizes.get(key) ?? 0) + 1);
  });
  return { ...prosecutorRisk(sizes.values(), threshold), classes: sizes.size, records: rows.length };
}
