import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BENCH_ROOT } from './harness.ts';

/** The UCI Adult columns, in file order. */
export const ADULT_COLUMNS = ['age', 'workclass', 'fnlwgt', 'education', 'education-num', 'marital-status', 'occupation', 'relationship', 'race', 'sex', 'capital-gain', 'capital-loss', 'hours-per-week', 'native-country', 'income'] as const;
const NUMERIC = new Set(['age', 'fnlwgt', 'education-num', 'capital-gain', 'capital-loss', 'hours-per-week']);

/** Where the shared evaluation datasets live: LOCKSTEP_DATASETS_DIR, default ../shared/datasets (never shipped). */
export function datasetsDir(): string {
  return path.resolve(BENCH_ROOT, process.env.LOCKSTEP_DATASETS_DIR ?? '../shared/datasets');
}

/**
 * `uci_adult/adult.data` as records (numbers for the numeric columns), with the usual protocol's clean-up: records
 * with a missing value (`?`) are left out (32,561 → 30,162).
 */
export function loadAdult(file = path.join(datasetsDir(), 'uci_adult', 'adult.data')): { rows: Record<string, string | number>[]; skipped: number } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`UCI Adult not found at ${file} (set LOCKSTEP_DATASETS_DIR): ${(err as Error).message}`);
  }
  const rows: Record<string, string | number>[] = [];
  let skipped = 0;
  for (const line of text.split('\n')) {
    if (!line.trim() || line.startsWith('|')) continue;
    const cells = line.split(',').map((c) => c.trim());
    if (cells.length !== ADULT_COLUMNS.length) throw new Error(`${file}: expected ${ADULT_COLUMNS.length} fields, got ${cells.length}: ${line.slice(0, 80)}`);
    if (cells.includes('?')) { skipped++; continue; }
    rows.push(Object.fromEntries(ADULT_COLUMNS.map((c, i) => [c, NUMERIC.has(c) ? Number(cells[i]) : cells[i].replace(/\.$/, '')])));
  }
  return { rows, skipped };
}
