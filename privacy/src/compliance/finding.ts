/** How bad a finding is: `high` needs action now, `info` is for the record. */
export const SEVERITIES = ['high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** The checks a privacy audit runs, in report order. */
export const AUDIT_CHECKS = ['encryption', 'purposes', 'retention', 'requests', 'keys', 'audit-chain'] as const;
export type AuditCheckId = (typeof AUDIT_CHECKS)[number];

/**
 * One finding of a privacy audit. Names, counts and ids only (collections, fields, plugins, request and key ids),
 * never personal data: reports are kept and exported as PDF.
 */
export interface Finding {
  /** Stable across reports (`<check>:<what>`), so two reports can be compared. */
  id: string;
  check: AuditCheckId;
  severity: Severity;
  title: string;
  detail: string;
  /** What to change, concretely. */
  fix: string;
  /** What the finding is about: plugin, collection, field, request or key id, counts. */
  refs: Record<string, string | number | boolean | null>;
}

export interface CheckOutcome {
  check: AuditCheckId;
  status: 'ok' | 'findings' | 'error';
  /** When the check could not run. */
  error: string | null;
  findings: number;
}

export type SeverityCounts = Record<Severity, number> & { total: number };

export function countBySeverity(findings: Finding[]): SeverityCounts {
  const counts = { high: 0, medium: 0, low: 0, info: 0, total: findings.length };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

const RANK: Record<Severity, number> = { high: 0, medium: 1, low: 2, info: 3 };
/** Worst first, then by check order, then by id. */
export function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort((a, b) => RANK[a.severity] - RANK[b.severity] || AUDIT_CHECKS.indexOf(a.check) - AUDIT_CHECKS.indexOf(b.check) || a.id.localeCompare(b.id));
}
