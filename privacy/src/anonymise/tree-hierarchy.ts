import { Compile } from 'typebox/compile';
import { anonymiseError } from './errors.ts';
import { schemaProblem } from './schema-problem.ts';
import type { Generaliser, LeafKey } from './generaliser.ts';
import { TreeHierarchy } from './hierarchy.schema.ts';

const checker = Compile(TreeHierarchy);

/**
 * Validates a categorical tree (same depth everywhere, each label with a single parent) and compiles it. Leaves
 * are matched by `String(value)`.
 */
export function compileTreeHierarchy(attribute: string, definition: unknown): Generaliser {
  const bad = (why: string) => anonymiseError('PRIVACY_ERR_ANON_INVALID_HIERARCHY', [attribute, why]);
  const problem = schemaProblem(checker, definition, 'the definition');
  if (problem) throw bad(problem);
  const def = definition as TreeHierarchy;
  const leaves = Object.keys(def.paths);
  if (!leaves.length) throw bad('paths lists no leaf values');
  const depth = def.paths[leaves[0]].length;
  for (const leaf of leaves) {
    const n = def.paths[leaf].length;
    if (n !== depth) throw bad(`every leaf needs the same number of ancestors: "${leaves[0]}" has ${depth}, "${leaf}" has ${n}`);
  }
  // Each label at a listed level must have one parent at the next level.
  for (let i = 0; i + 1 < depth; i++) {
    const parent = new Map<string, string>();
    for (const leaf of leaves) {
      const [label, up] = [def.paths[leaf][i], def.paths[leaf][i + 1]];
      const seen = parent.get(label);
      if (seen !== undefined && seen !== up) throw bad(`"${label}" (level ${i + 1}) has two parents: "${seen}" and "${up}"`);
      parent.set(label, up);
    }
  }
  if (def.levelNames && def.levelNames.length !== depth) throw bad(`levelNames has ${def.levelNames.length} names for ${depth} levels`);
  // A single-valued last level is the top; otherwise `*` is added above it.
  const lastIsTop = depth > 0 && new Set(leaves.map((l) => def.paths[l][depth - 1])).size === 1;
  const listed = lastIsTop ? depth - 1 : depth;
  const top = lastIsTop ? def.paths[leaves[0]][depth - 1] : '*';
  // Leaves under each label, per listed level.
  const leafCount: Map<string, number>[] = [];
  for (let i = 0; i < listed; i++) {
    const counts = new Map<string, number>();
    for (const leaf of leaves) counts.set(def.paths[leaf][i], (counts.get(def.paths[leaf][i]) ?? 0) + 1);
    leafCount.push(counts);
  }
  const total = leaves.length;
  const paths = new Map(Object.entries(def.paths));
  return {
    attribute,
    kind: 'tree',
    height: listed + 2,
    levelNames: ['raw', ...Array.from({ length: listed }, (_, i) => def.levelNames?.[i] ?? `L${i + 1}`), top],
    top,
    key: (value: unknown) => {
      if (value === null || value === undefined || typeof value === 'object') return undefined;
      const s = String(value);
      return paths.has(s) ? s : undefined;
    },
    label: (key: LeafKey, level: number) => paths.get(key as string)![level - 1],
    groupLoss: (level: number, label: string) => (total > 1 ? (leafCount[level - 1].get(label)! - 1) / (total - 1) : 0),
  };
}
