import type { JobDeclaration } from '../../server/src/core/plugin-contract.ts';
import type { TfBackendChoice } from './tf-backend.ts';

/** What this worker can do: always `cpu` and `tfjs`, the TF.js backend as `tfjs:<backend>`, `gpu` on a GPU backend, plus configured extras. */
export function capabilitiesOf(tf: Pick<TfBackendChoice, 'backend' | 'gpu'> | null, extra: string[]): string[] {
  const caps = new Set(['cpu', ...extra]);
  if (tf) {
    caps.add('tfjs');
    caps.add(`tfjs:${tf.backend}`);
    if (tf.gpu) caps.add('gpu');
  }
  return [...caps].sort();
}

/** A queue is served only if this worker has every capability each of its jobs requires. */
export function canServe(jobs: JobDeclaration[], capabilities: string[]): { ok: boolean; missing: string[] } {
  const have = new Set(capabilities);
  const missing = [...new Set(jobs.flatMap((j) => j.requires ?? []).filter((r) => !have.has(r)))];
  return { ok: missing.length === 0, missing };
}
