// k-anonymity (+ distinct l-diversity) on UCI Adult: run time, chosen node, information loss and re-identification
// risk per k, against the baseline of one pass of class counting over the raw data (the 30,162 records grouped by
// their 8 raw quasi-identifier values in a Map) measured in the same run. The data comes from
// LOCKSTEP_DATASETS_DIR (default ../shared/datasets); it is not part of the product.
// Run through `npm run bench -- anonymisation` (needs no store; the launcher starts one anyway).
import { anonymise, assessRisk, CENSUS_HIERARCHIES, type AnonymiseResult } from '../privacy/src/anonymise/index.ts';
import { loadAdult } from './lib/uci-adult.ts';
import { log, machine } from './lib/harness.ts';

/**
 * The usual Adult quasi-identifiers as the dataset README lists them; BENCH_ANON_QIS / BENCH_ANON_SENSITIVE swap
 * them (e.g. income as a quasi-identifier and occupation as the sensitive attribute).
 */
const QIS = (process.env.BENCH_ANON_QIS ?? 'age,sex,race,marital-status,education,native-country,workclass,occupation').split(',');
const SENSITIVE = process.env.BENCH_ANON_SENSITIVE ?? 'income';
const KS = [2, 5, 10, 50];
const REPS = Math.max(1, Number(process.env.BENCH_ANON_REPS ?? 3));
const SUPPRESSION = (process.env.BENCH_ANON_SUPPRESSION ?? '0,0.01').split(',').map(Number);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const round = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d;

function rawClassCount(rows: Record<string, unknown>[]): number {
  const counts = new Map<string, number>();
  for (const row of rows) {
    let key = '';
    for (const q of QIS) key += `${row[q]}\u0000`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts.size;
}

function time<T>(fn: () => T): { value: T; ms: number } {
  const t0 = performance.now();
  const value = fn();
  return { value, ms: performance.now() - t0 };
}

async function main(): Promise<void> {
  const { rows, skipped } = loadAdult();
  log(`anonymisation: UCI Adult, ${rows.length} records (${skipped} with missing values left out), ${REPS} repetitions per configuration`);
  // Baseline: one pass of class counting over the raw data (median of several).
  rawClassCount(rows);
  const baseline = Array.from({ length: 9 }, () => time(() => rawClassCount(rows)));
  const baselineMs = median(baseline.map((b) => b.ms));
  const raw = assessRisk(rows, QIS);
  log(`  raw: ${raw.classes} classes, ${(raw.uniqueShare * 100).toFixed(1)} % unique, avg risk ${raw.avg.toFixed(3)}; class-count pass ${baselineMs.toFixed(2)} ms`);
  // Warm-up (JIT), not measured.
  anonymise(rows, { quasiIdentifiers: QIS, hierarchies: CENSUS_HIERARCHIES, k: 5, maxSuppression: 0.01 });

  const runs: Record<string, unknown>[] = [];
  const ratios: Record<string, number | null> = {};
  for (const maxSuppression of SUPPRESSION) {
    for (const l of [undefined, 2]) {
      for (const k of KS) {
        const label = `k=${k}${l ? ` l=${l}(${SENSITIVE})` : ''} supp≤${maxSuppression * 100}%`;
        const timings: number[] = [];
        let result: AnonymiseResult | undefined;
        for (let i = 0; i < REPS; i++) {
          const t = time(() => anonymise(rows, { quasiIdentifiers: QIS, hierarchies: CENSUS_HIERARCHIES, k, maxSuppression, ...(l ? { l, sensitive: SENSITIVE } : {}) }));
          timings.push(t.ms);
          result = t.value;
        }
        const r = result!;
        const ms = median(timings);
        const m = r.metrics;
        log(`  ${label}: ${ms.toFixed(0)} ms, node ${r.node.description}, suppressed ${(m.suppressedShare * 100).toFixed(2)} %, loss ${m.loss.toFixed(4)}, checked ${r.search.nodesChecked}/${r.search.latticeSize}`);
        runs.push({
          label, k, l: l ?? null, sensitive: l ? SENSITIVE : null, maxSuppression,
          unit: 'ms', rps: round(ms, 1), p50: round(ms, 1), p99: round(Math.max(...timings), 1), timingsMs: timings.map((t) => round(t, 1)),
          node: r.node.description, levels: r.node.levels,
          suppressed: m.suppressed, suppressedShare: round(m.suppressedShare, 5), loss: round(m.loss, 5), generalisationLoss: round(m.generalisationLoss, 5),
          discernibility: m.discernibility, classes: m.classes, minClassSize: m.minClassSize, avgClassSize: round(m.avgClassSize, 2), cavg: round(m.cavg, 3),
          riskMax: round(m.risk.max, 5), riskAvg: round(m.risk.avg, 5), atRiskShare: round(m.risk.atRiskShare, 5),
          lossByAttribute: Object.fromEntries(Object.entries(m.lossByAttribute).map(([a, v]) => [a, round(v, 4)])),
          nodesChecked: r.search.nodesChecked, nodesTagged: r.search.nodesTagged, latticeSize: r.search.latticeSize, optimal: r.search.optimal,
        });
        ratios[`${label} / raw class-count pass`] = round(ms / baselineMs, 1);
      }
    }
  }
  process.stdout.write(`${JSON.stringify({
    name: 'anonymisation',
    runs,
    ratios,
    baseline: { label: 'one pass of class counting over the raw records (Map keyed by the 8 raw QI values)', ms: round(baselineMs, 3), rawClasses: raw.classes, rawRisk: raw },
    notes: [
      `UCI Adult adult.data, ${rows.length} records without missing values; quasi-identifiers ${QIS.join(', ')}; hierarchies CENSUS_HIERARCHIES (lattice of ${runs[0]?.latticeSize} nodes); l-diversity on ${SENSITIVE}`,
      'rps column = median run time in ms (p50 the same, p99 the slowest repetition); see docs/privacy-anonymisation.md',
    ],
    machine: machine(),
  })}\n`);
}

main().catch((err) => {
  process.stderr.write(`${err?.stack ?? err}\n`);
  process.exit(1);
});
