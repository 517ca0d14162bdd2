import { ClassCounter } from './class-counter.ts';
import type { EncodedTable } from './encode-table.ts';
import { FailureFrontier } from './failure-frontier.ts';
import { Lattice } from './lattice.ts';
import { MinHeap } from './min-heap.ts';
import { RollupCache } from './rollup-cache.ts';
import { scoreNode, type NodeScore, type PrivacyCriteria } from './score-node.ts';
import { rollUp, tableSource } from './tuple-source.ts';

const EPS = 1e-12;

export interface SearchOutcome {
  /** The best node found, or null when even the top node fails (then no node can satisfy the criteria). */
  readonly best: { levels: number[]; score: NodeScore } | null;
  readonly latticeSize: number;
  /** Nodes whose classes were counted. */
  readonly nodesChecked: number;
  /** Nodes skipped because a generalisation of theirs was known to fail. */
  readonly nodesTagged: number;
  /** False when `maxNodesChecked` stopped the search before it could prove the node optimal. */
  readonly optimal: boolean;
}

interface Candidate { levels: number[]; id: number; score: NodeScore }

/** a is better than b: lower loss, then lower discernibility, then less generalised, then smaller id. */
function better(a: Candidate, b: Candidate): boolean {
  if (a.score.loss < b.score.loss - EPS) return true;
  if (a.score.loss > b.score.loss + EPS) return false;
  if (a.score.discernibility !== b.score.discernibility) return a.score.discernibility < b.score.discernibility;
  const sa = a.levels.reduce((x, y) => x + y, 0);
  const sb = b.levels.reduce((x, y) => x + y, 0);
  return sa !== sb ? sa < sb : a.id < b.id;
}

/**
 * Full-domain generalisation search for the node of least information loss (Loss metric) that satisfies the
 * criteria with suppression, in the spirit of ARX's optimal algorithms (Flash, OLA), as best-first
 * branch-and-bound with predictive tagging:
 *
 * - Satisfying k-anonymity / distinct l-diversity with at most `maxSuppressed` records suppressed is monotone:
 *   a generalisation only merges classes, so it suppresses a subset of the records. If the top node fails, nothing
 *   satisfies and the search stops at once; otherwise the top node's loss (1) is the first upper bound.
 * - With suppression the loss itself is not monotone (generalising may release suppressed records), but its
 *   generalisation-only part is: it never decreases going up and never exceeds the loss. Nodes are visited in
 *   ascending order of that lower bound (a heap fed with each visited node's direct generalisations), and the
 *   search stops when the bound exceeds the best loss found: every unvisited node lies above a node in the heap, so
 *   its bound, and therefore its loss, is no better. A node whose bound exceeds the best is never queued.
 * - When a node fails, a binary search along a chain of generalisations above it (each step the one adding the
 *   least loss), as Flash does, finds the highest failing node on the chain; everything at or below a failing node
 *   is tagged and later skipped without counting. The satisfying nodes met on the way tighten the upper bound.
 * - A node's classes are counted from the rolled-up classes of a recently counted node below it when there is one
 *   (see tuple-source.ts), which near the top of the lattice are a small fraction of the distinct tuples.
 *
 * The result is the exact optimum for the Loss metric (ties broken by discernibility, then by the lower node).
 */
export function searchLattice(table: EncodedTable, criteria: PrivacyCriteria, maxNodesChecked = 1_000_000): SearchOutcome {
  const lattice = new Lattice(table.attributes.map((a) => a.height));
  const m = table.attributes.length;
  const meanLoss = table.attributes.map((a) => a.meanLoss);
  const bound = (levels: readonly number[]) => {
    let s = 0;
    for (let a = 0; a < m; a++) s += meanLoss[a][levels[a]];
    return s / m;
  };
  const counter = new ClassCounter(table);
  const rollups = new RollupCache(tableSource(table));
  const failing = new FailureFrontier();
  const satisfying = new Map<number, NodeScore>();
  let nodesChecked = 0;
  let nodesTagged = 0;
  let best: Candidate | null = null;

  /** Status of a node: from the tags when they tell, else by counting (recording the result). */
  const check = (levels: number[]): boolean => {
    const id = lattice.idOf(levels);
    if (satisfying.has(id)) return true;
    if (failing.covers(levels)) return false;
    const source = rollups.sourceFor(levels);
    const classes = counter.count(levels, source);
    const score = scoreNode(table, source, classes, criteria);
    nodesChecked++;
    // Worth keeping when it shrinks the rows a later node above it would count.
    if (classes.classCount * 2 <= source.size) rollups.add(levels, rollUp(source, classes));
    if (!score.satisfied) {
      failing.add(levels);
      return false;
    }
    satisfying.set(id, score);
    const candidate = { levels, id, score };
    if (!best || better(candidate, best)) best = candidate;
    return true;
  };

  /** After `levels` failed: binary search up the cheapest chain above it for the highest failing node. */
  const probeAbove = (levels: number[]) => {
    const chain = [levels];
    for (let cur = levels; ;) {
      const next = lattice.successors(cur);
      if (!next.length) break;
      let pick = next[0];
      for (const s of next) if (bound(s) < bound(pick)) pick = s;
      chain.push(pick);
      cur = pick;
    }
    let lo = 0; // fails
    let hi = chain.length - 1; // the top: satisfies (checked first)
    while (hi - lo > 1 && nodesChecked < maxNodesChecked) {
      const mid = (lo + hi) >> 1;
      if (check(chain[mid])) hi = mid; else lo = mid;
    }
  };

  if (!check(lattice.top)) return { best: null, latticeSize: lattice.size, nodesChecked, nodesTagged, optimal: true };
  const heap = new MinHeap();
  const queued = new Set<number>([0]);
  heap.push(bound(lattice.bottom), 0);
  let optimal = true;
  while (heap.size) {
    const limit = best!.score.loss + EPS;
    if (heap.peekPriority() > limit) break;
    if (nodesChecked >= maxNodesChecked) { optimal = false; break; }
    const id = heap.pop();
    const levels = lattice.levelsOf(id);
    if (!satisfying.has(id)) {
      if (failing.covers(levels)) nodesTagged++;
      else if (!check(levels)) probeAbove(levels);
    }
    for (const next of lattice.successors(levels)) {
      const nextId = lattice.idOf(next);
      if (queued.has(nextId)) continue;
      const b = bound(next);
      if (b > best!.score.loss + EPS) continue;
      queued.add(nextId);
      heap.push(b, nextId);
    }
  }
  const found = best as Candidate | null;
  return { best: found && { levels: found.levels, score: found.score }, latticeSize: lattice.size, nodesChecked, nodesTagged, optimal };
}
