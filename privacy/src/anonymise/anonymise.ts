import { validateAnonymiseOptions, type AnonymiseOptions } from './anonymise-options.ts';
import { ClassCounter } from './class-counter.ts';
import { encodeTable } from './encode-table.ts';
import { anonymiseError } from './errors.ts';
import { compileHierarchy } from './hierarchy.ts';
import { searchLattice } from './lattice-search.ts';
import { nodeMetrics, type AnonymisationMetrics } from './metrics.ts';
import { classFails, type PrivacyCriteria } from './score-node.ts';
import { tableSource } from './tuple-source.ts';

/** The chosen generalisation: a level per quasi-identifier (0 = raw, height - 1 = `*`). */
export interface ChosenNode {
  readonly levels: Readonly<Record<string, number>>;
  /** The level names, e.g. `{ age: '10y', sex: 'raw', race: '*' }`. */
  readonly names: Readonly<Record<string, string>>;
  /** Compact form, e.g. `age:10y sex:raw race:*`. */
  readonly description: string;
}

export interface AnonymiseResult {
  /** The anonymised records: quasi-identifiers generalised, other attributes untouched; suppressed records dropped (or masked). */
  readonly rows: Record<string, unknown>[];
  readonly node: ChosenNode;
  readonly metrics: AnonymisationMetrics;
  readonly search: {
    readonly latticeSize: number;
    readonly nodesChecked: number;
    /** Nodes skipped because a generalisation of theirs was known to fail. */
    readonly nodesTagged: number;
    /** True when the node is proven optimal for the Loss metric. */
    readonly optimal: boolean;
    /** Distinct quasi-identifier (and sensitive value) combinations the search works on. */
    readonly distinctTuples: number;
    readonly ms: number;
  };
}

const SUPPRESSED = '*';

/**
 * k-anonymity (plus optional distinct l-diversity on a sensitive attribute) by full-domain generalisation with
 * record suppression: finds the lattice node of least information loss whose failing classes, once suppressed,
 * stay within `maxSuppression`, and returns the transformed records with information-loss and risk metrics.
 * Direct identifiers (names, emails …) must be removed or pseudonymised before; attributes that are neither
 * quasi-identifiers nor removed pass through unchanged.
 */
export function anonymise(rows: readonly Record<string, unknown>[], options: AnonymiseOptions): AnonymiseResult {
  const started = performance.now();
  if (!Array.isArray(rows)) throw anonymiseError('PRIVACY_ERR_ANON_INVALID_OPTIONS', ['rows must be an array of records']);
  const o = validateAnonymiseOptions(options);
  const generalisers = o.quasiIdentifiers.map((q) => compileHierarchy(q, o.hierarchies[q]));
  const l = o.l ?? 1;
  const table = encodeTable(rows, generalisers, l > 1 ? o.sensitive : undefined);
  const criteria: PrivacyCriteria = { k: o.k, l, maxSuppressed: Math.floor(o.maxSuppression * table.n + 1e-9) };
  const outcome = searchLattice(table, criteria, o.maxNodesChecked);
  if (!outcome.best) {
    const what = `${o.k}-anonymity${l > 1 ? ` and distinct ${l}-diversity of "${o.sensitive}"` : ''}`;
    throw anonymiseError('PRIVACY_ERR_ANON_INFEASIBLE', [what, `${criteria.maxSuppressed} (${(o.maxSuppression * 100).toFixed(2)} %)`]);
  }
  const levels = outcome.best.levels;
  // Counted from the table's own tuples, so classes index by `rowTuple`.
  const source = tableSource(table);
  const classes = new ClassCounter(table).count(levels, source);
  const metrics = nodeMetrics(table, source, classes, levels, criteria, o.riskThreshold ?? 0.2);

  // Labels per attribute for the chosen level, indexed by leaf code.
  const attrs = table.attributes;
  const leafLabel = attrs.map((attr, a) => {
    const level = levels[a];
    return Array.from(attr.codes[level], (code) => attr.labels[level][code]);
  });
  const failing = new Uint8Array(classes.classCount);
  for (let c = 0; c < classes.classCount; c++) failing[c] = classFails(classes, c, criteria) ? 1 : 0;
  const mask = o.suppressed === 'mask';
  const out: Record<string, unknown>[] = [];
  for (let r = 0; r < table.n; r++) {
    const t = table.rowTuple[r];
    const suppressed = failing[classes.classOf[t]] === 1;
    if (suppressed && !mask) continue;
    const row = { ...rows[r] };
    for (let a = 0; a < attrs.length; a++) {
      if (suppressed) row[attrs[a].name] = SUPPRESSED;
      else if (levels[a] > 0) row[attrs[a].name] = leafLabel[a][table.tupleCodes[a][t]];
    }
    out.push(row);
  }
  const names = Object.fromEntries(attrs.map((attr, a) => [attr.name, attr.generaliser.levelNames[levels[a]]]));
  return {
    rows: out,
    node: {
      levels: Object.fromEntries(attrs.map((attr, a) => [attr.name, levels[a]])),
      names,
      description: attrs.map((attr) => `${attr.name}:${names[attr.name]}`).join(' '),
    },
    metrics,
    search: { latticeSize: outcome.latticeSize, nodesChecked: outcome.nodesChecked, nodesTagged: outcome.nodesTagged, optimal: outcome.optimal, distinctTuples: table.size, ms: performance.now() - started },
  };
}
