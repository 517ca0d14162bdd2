import type { RaRecord } from 'react-admin';

export type Severity = 'high' | 'medium' | 'low' | 'info';
export const SEVERITIES: readonly Severity[] = ['high', 'medium', 'low', 'info'];

export interface Finding {
  id: string;
  check: string;
  severity: Severity;
  title: string;
  detail: string;
  fix: string;
  refs: Record<string, string | number | boolean | null>;
}

/** A privacy audit report (`/api/plugins/privacy/audits`); lists carry no `findings`. */
export interface AuditReport extends RaRecord<string> {
  ranAt: string;
  actor: { kind: string; id: string };
  summary: Record<Severity, number> & { total: number };
  checks: { check: string; status: 'ok' | 'findings' | 'error'; error: string | null; findings: number }[];
  settings: { keyMaxAgeDays: number; masterKeyMaxAgeDays: number };
  links: { html: string; pdf: string };
  findings?: Finding[];
}

export interface AuditSettings {
  keyMaxAgeDays: number;
  masterKeyMaxAgeDays: number;
  updatedAt: string | null;
  updatedBy: string | null;
}
