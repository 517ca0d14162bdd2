/** Typings of bundle.mjs (for TypeScript callers such as the tests or a server that builds the bundle at start). */
export declare const DEFAULT_OUTDIR: string;

export interface BundleOptions {
  /** Output folder. @defaultValue sdk/dist */
  outdir?: string;
  /** Minify the bundle. @defaultValue false */
  minify?: boolean;
  /** Also emit `lockstep.d.ts` and `types/*.d.ts` (runs tsc, a few seconds). @defaultValue true */
  types?: boolean;
}

export interface BundleResult {
  /** Absolute path of the ES module bundle (`<outdir>/lockstep.js`). */
  file: string;
  bytes: number;
  /** Absolute path of `<outdir>/lockstep.d.ts` when types were emitted. */
  types?: string;
}

export declare function bundleSdk(options?: BundleOptions): Promise<BundleResult>;
