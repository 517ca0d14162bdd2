// Stable fingerprint of a view, for divergence detection: clients send it, the server compares it with its own.
// Isomorphic (no node:crypto): the storefront SDK bundles this file for browsers.
import { sha256Hex } from './sha256.ts';
import { canonicalJson } from './state.ts';
import type { SyncView } from './view.ts';

/** sha256 (hex) of the canonical JSON (UTF-8) of the view: object keys sorted, arrays in view order, undefined dropped. */
export function digest(v: SyncView): string {
  return sha256Hex(canonicalJson(v));
}
