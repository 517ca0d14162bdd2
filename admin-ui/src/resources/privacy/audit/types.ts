import type { RaRecord } from 'react-admin';

/** One entry of the hash-chained audit log (`GET /api/audit`, docs/privacy-audit.md). */
export interface AuditEntry extends RaRecord<string> {
  seq: number;
  at: string;
  actor: { kind: string; id: string };
  action: string;
  target: { type: string; id: string };
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

/** `POST /api/audit/verify`: the intact prefix and, when broken, where and why. */
export interface VerifyResult {
  ok: boolean;
  checked: number;
  lastSeq: number;
  anchored: boolean;
  brokenAt?: number;
  reason?: 'edited' | 'removed' | 'reordered' | 'truncated' | 'rewritten';
  message?: string;
}
