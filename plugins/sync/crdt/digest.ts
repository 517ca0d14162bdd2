// Stable fingerprint of a view, for divergence detection: clients send it, the server compares it with its own.
import { createHash } from 'node:crypto';
import { canonicalJson } from './state.ts';
import type { SyncView } from './view.ts';

/** sha256 (hex) of the canonical JSON of the view: object keys sorted, arrays in view order, undefined dropped. */
export function digest(v: SyncView): string {
  return createHash('sha256').update(canonicalJson(v)).digest('hex');
}
