import { denseIds } from './dense-ids.ts';
import { anonymiseError } from './errors.ts';
import type { Generaliser, LeafKey } from './generaliser.ts';

/** One quasi-identifier, encoded: observed leaves get codes 0 … n-1, and every level maps them to group codes. */
export interface AttributeEncoding {
  readonly name: string;
  readonly generaliser: Generaliser;
  readonly height: number;
  /** The observed leaf keys; a leaf's code is its index. */
  readonly leaves: readonly LeafKey[];
  /** Per level: leaf code → group code at that level. */
  readonly codes: readonly Int32Array[];
  /** Per level: number of groups. */
  readonly cards: readonly number[];
  /** Per level: group code → label (level 0: the leaf key as a string). */
  readonly labels: readonly (readonly string[])[];
  /** Per level: leaf code → normalised certainty penalty of the leaf at that level (0 at level 0, 1 at the top). */
  readonly loss: readonly Float64Array[];
  /** Per level: mean penalty over all records. */
  readonly meanLoss: Float64Array;
}

/**
 * The table reduced to what the search needs: the distinct combinations of quasi-identifier leaves (and of the
 * sensitive value, when l-diversity is asked for) with their record counts. With a sensitive attribute the tuples
 * are ordered by sensitive code, which lets the counter find distinct values per class in one pass.
 */
export interface EncodedTable {
  readonly n: number;
  readonly attributes: readonly AttributeEncoding[];
  /** Number of distinct tuples. */
  readonly size: number;
  readonly count: Int32Array;
  /** Per attribute: tuple → leaf code. */
  readonly tupleCodes: readonly Int32Array[];
  /** Tuple → sensitive value code, or null without l-diversity. */
  readonly sensitive: Int32Array | null;
  readonly sensitiveCard: number;
  /** Record → tuple. */
  readonly rowTuple: Int32Array;
}

function encodeAttribute(g: Generaliser, leaves: LeafKey[], leafCounts: number[], n: number): AttributeEncoding {
  const codes: Int32Array[] = [];
  const cards: number[] = [];
  const labels: string[][] = [];
  const loss: Float64Array[] = [];
  const top = g.height - 1;
  const byLevel: string[][] = [];
  for (let level = 0; level <= top; level++) {
    const groupOf = new Map<string, number>();
    const members: LeafKey[][] = [];
    const levelLabels: string[] = [];
    const c = new Int32Array(leaves.length);
    const leafLabels: string[] = [];
    leaves.forEach((leaf, i) => {
      const label = level === 0 ? String(leaf) : level === top ? g.top : g.label(leaf, level);
      leafLabels.push(label);
      let code = groupOf.get(label);
      if (code === undefined) {
        code = levelLabels.length;
        groupOf.set(label, code);
        levelLabels.push(label);
        members.push([]);
      }
      members[code].push(leaf);
      c[i] = code;
    });
    byLevel.push(leafLabels);
    const groupLoss = members.map((m, code) => (level === 0 ? 0 : level === top ? 1 : g.groupLoss(level, levelLabels[code], m, leaves)));
    codes.push(c);
    cards.push(levelLabels.length);
    labels.push(levelLabels);
    loss.push(Float64Array.from(c, (code) => groupLoss[code]));
  }
  // Each group must have one parent one level up (the static checks should already guarantee it).
  for (let level = 1; level + 1 < top; level++) {
    const parent = new Map<string, string>();
    leaves.forEach((_, i) => {
      const [label, up] = [byLevel[level][i], byLevel[level + 1][i]];
      const seen = parent.get(label);
      if (seen !== undefined && seen !== up) throw anonymiseError('PRIVACY_ERR_ANON_INVALID_HIERARCHY', [g.attribute, `group "${label}" at level ${level} falls into both "${seen}" and "${up}" one level up`]);
      parent.set(label, up);
    });
  }
  const meanLoss = new Float64Array(g.height);
  for (let level = 0; level <= top; level++) {
    let s = 0;
    for (let i = 0; i < leaves.length; i++) s += loss[level][i] * leafCounts[i];
    meanLoss[level] = n ? s / n : 0;
  }
  return { name: g.attribute, generaliser: g, height: g.height, leaves, codes, cards, labels, loss, meanLoss };
}

/** Checks every record against the hierarchies (clear errors with the row index) and encodes the table. */
export function encodeTable(rows: readonly unknown[], generalisers: readonly Generaliser[], sensitive?: string): EncodedTable {
  const n = rows.length;
  const m = generalisers.length;
  const leafIndex = generalisers.map(() => new Map<LeafKey, number>());
  const leaves: LeafKey[][] = generalisers.map(() => []);
  const leafCounts: number[][] = generalisers.map(() => []);
  const rowCodes = generalisers.map(() => new Int32Array(n));
  const sensIndex = new Map<string, number>();
  const rowSens = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    const row = rows[r];
    if (row === null || typeof row !== 'object' || Array.isArray(row)) throw anonymiseError('PRIVACY_ERR_ANON_INVALID_ROW', [r, 'must be an object']);
    const rec = row as Record<string, unknown>;
    for (let a = 0; a < m; a++) {
      const g = generalisers[a];
      const value = rec[g.attribute];
      if (value === undefined || value === null) throw anonymiseError('PRIVACY_ERR_ANON_INVALID_ROW', [r, `quasi-identifier "${g.attribute}" is missing`]);
      const key = g.key(value);
      if (key === undefined) throw anonymiseError('PRIVACY_ERR_ANON_VALUE_NOT_IN_HIERARCHY', [r, JSON.stringify(value), g.attribute]);
      let code = leafIndex[a].get(key);
      if (code === undefined) {
        code = leaves[a].length;
        leafIndex[a].set(key, code);
        leaves[a].push(key);
        leafCounts[a].push(0);
      }
      leafCounts[a][code]++;
      rowCodes[a][r] = code;
    }
    if (sensitive !== undefined) {
      const s = rec[sensitive];
      if (s === undefined || s === null) throw anonymiseError('PRIVACY_ERR_ANON_INVALID_ROW', [r, `sensitive attribute "${sensitive}" is missing`]);
      const key = typeof s === 'object' ? JSON.stringify(s) : String(s);
      let code = sensIndex.get(key);
      if (code === undefined) { code = sensIndex.size; sensIndex.set(key, code); }
      rowSens[r] = code;
    }
  }
  const attributes = generalisers.map((g, a) => encodeAttribute(g, leaves[a], leafCounts[a], n));
  // Distinct tuples (with the sensitive value when l-diversity is asked for), then ordered by sensitive code.
  const columns = sensitive !== undefined ? [...rowCodes, rowSens] : rowCodes;
  const cards = [...leaves.map((l) => l.length), ...(sensitive !== undefined ? [sensIndex.size] : [])];
  const { ids, count: size } = denseIds(columns, cards, n);
  const first = new Int32Array(size).fill(-1);
  for (let r = 0; r < n; r++) if (first[ids[r]] < 0) first[ids[r]] = r;
  let renumbered = Int32Array.from({ length: size }, (_, t) => t);
  if (sensitive !== undefined) {
    const order = Int32Array.from({ length: size }, (_, t) => t).sort((x, y) => rowSens[first[x]] - rowSens[first[y]] || x - y);
    renumbered = new Int32Array(size);
    order.forEach((t, i) => { renumbered[t] = i; });
    const sortedFirst = Int32Array.from(order, (t) => first[t]);
    first.set(sortedFirst);
  }
  const rowTuple = new Int32Array(n);
  const count = new Int32Array(size);
  for (let r = 0; r < n; r++) {
    const t = renumbered[ids[r]];
    rowTuple[r] = t;
    count[t]++;
  }
  return {
    n,
    attributes,
    size: count.length,
    count,
    tupleCodes: rowCodes.map((codes) => Int32Array.from(first, (r) => codes[r])),
    sensitive: sensitive !== undefined ? Int32Array.from(first, (r) => rowSens[r]) : null,
    sensitiveCard: sensIndex.size,
    rowTuple,
  };
}
