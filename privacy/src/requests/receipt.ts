import { createHash } from 'node:crypto';
import type { RequestStep } from './request-types.ts';

/** JSON with sorted keys at every level: the receipt hashes the same wherever it is rebuilt. */
export function canonicalJson(value: unknown): string {
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().filter((k) => (value as Record<string, unknown>)[k] !== undefined).map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export const receiptHash = (receipt: Record<string, unknown>): string => createHash('sha256').update(canonicalJson(receipt)).digest('hex');

/** Steps as the receipt lists them: what ran and what it removed, no errors (they may quote anything). */
export function receiptSteps(steps: RequestStep[]): { key: string; status: string; deleted: number; runs: number }[] {
  return steps.map((s) => ({ key: s.key, status: s.status, deleted: s.deleted, runs: s.attempts }));
}

/**
 * The completion receipt: which request, about which subject (as a digest only), what each plugin and the core
 * removed, the verification's outcome and when. Ids, counts and hashes only; its sha256 goes into the audit log,
 * so the receipt kept on the request can be checked against the tamper-evident chain.
 */
export function buildReceipt(input: {
  requestId: string;
  tenantId: string;
  kind: string;
  subjectDigest: string;
  receivedAt: Date;
  completedAt: Date;
  steps: RequestStep[];
  extra: Record<string, unknown>;
}): { receipt: Record<string, unknown>; hash: string } {
  const receipt = {
    version: 1,
    requestId: input.requestId,
    tenantId: input.tenantId,
    kind: input.kind,
    subjectDigest: input.subjectDigest,
    receivedAt: input.receivedAt.toISOString(),
    completedAt: input.completedAt.toISOString(),
    steps: receiptSteps(input.steps),
    ...input.extra,
  };
  return { receipt, hash: receiptHash(receipt) };
}
