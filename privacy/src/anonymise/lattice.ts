import { anonymiseError } from './errors.ts';

/**
 * The generalisation lattice: one node per combination of levels (one level per quasi-identifier), ordered by
 * "generalises". Nodes are numbered in mixed radix (level of attribute a × stride of a).
 */
export class Lattice {
  readonly heights: readonly number[];
  readonly strides: readonly number[];
  readonly size: number;

  constructor(heights: readonly number[]) {
    let size = 1;
    const strides: number[] = [];
    for (const h of heights) {
      strides.push(size);
      size *= h;
    }
    if (!Number.isSafeInteger(size)) throw anonymiseError('PRIVACY_ERR_ANON_LATTICE_TOO_LARGE', [size.toExponential(2)]);
    this.heights = heights;
    this.strides = strides;
    this.size = size;
  }

  get bottom(): number[] {
    return this.heights.map(() => 0);
  }

  get top(): number[] {
    return this.heights.map((h) => h - 1);
  }

  idOf(levels: readonly number[]): number {
    let id = 0;
    for (let a = 0; a < levels.length; a++) id += levels[a] * this.strides[a];
    return id;
  }

  levelsOf(id: number): number[] {
    return this.heights.map((h, a) => Math.floor(id / this.strides[a]) % h);
  }

  /** Direct generalisations: one attribute one level up. */
  successors(levels: readonly number[]): number[][] {
    const out: number[][] = [];
    levels.forEach((l, a) => {
      if (l + 1 < this.heights[a]) out.push(levels.map((x, b) => (b === a ? x + 1 : x)));
    });
    return out;
  }
}
