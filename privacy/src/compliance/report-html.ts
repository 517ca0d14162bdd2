import { CHECK_TITLES, type AuditReportView } from './report-view.ts';
import { SEVERITIES } from './finding.ts';

const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const COLORS = { high: '#b71c1c', medium: '#e65100', low: '#1565c0', info: '#546e7a' } as const;

/**
 * The report as one self-contained HTML page (inline styles only: no script, no external asset), printable.
 * Every value is escaped.
 */
export function renderReportHtml(r: AuditReportView, tenantName: string): string {
  const chips = SEVERITIES.map((s) => `<span class="chip" style="background:${COLORS[s]}">${esc(s)}: ${r.summary[s]}</span>`).join(' ');
  const checks = r.checks.map((c) => `<tr><td>${esc(CHECK_TITLES[c.check] ?? c.check)}</td><td class="status-${esc(c.status)}">${esc(c.status === 'ok' ? 'passed' : c.status === 'error' ? `could not run: ${c.error}` : `${c.findings} finding${c.findings === 1 ? '' : 's'}`)}</td></tr>`).join('\n');
  const findings = r.findings.length
    ? r.findings.map((f) => `<tr data-finding="${esc(f.id)}" data-severity="${esc(f.severity)}">
  <td><span class="chip" style="background:${COLORS[f.severity]}">${esc(f.severity)}</span></td>
  <td><strong>${esc(f.title)}</strong><div class="muted">${esc(CHECK_TITLES[f.check] ?? f.check)}</div></td>
  <td>${esc(f.detail)}</td>
  <td>${esc(f.fix)}</td>
</tr>`).join('\n')
    : '<tr><td colspan="4">No findings.</td></tr>';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Privacy audit ${esc(r.id)}</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans CJK SC",sans-serif;margin:2rem;color:#212121}
h1{margin-bottom:.2rem}.muted{color:#616161;font-size:.85em}
table{border-collapse:collapse;width:100%;margin:1rem 0}th,td{border:1px solid #e0e0e0;padding:.45rem .6rem;text-align:left;vertical-align:top}
th{background:#f5f5f5}.chip{display:inline-block;color:#fff;border-radius:1rem;padding:.1rem .6rem;font-size:.8em;font-weight:600;text-transform:uppercase}
.status-ok{color:#2e7d32}.status-error{color:#b71c1c}
@media print{body{margin:0}}
</style>
</head>
<body>
<h1>Privacy audit report</h1>
<p class="muted">Tenant ${esc(tenantName)} (${esc(r.tenantId)}) · report ${esc(r.id)} · run ${esc(r.ranAt)} by ${esc(r.actor.kind)} ${esc(r.actor.id)}</p>
<p>${chips} <span class="muted">${r.summary.total} finding${r.summary.total === 1 ? '' : 's'}</span></p>
<h2>Checks</h2>
<table><thead><tr><th>Check</th><th>Result</th></tr></thead><tbody>
${checks}
</tbody></table>
<p class="muted">Thresholds: tenant data key ${esc(r.settings.keyMaxAgeDays)} days, master key ${esc(r.settings.masterKeyMaxAgeDays)} days.</p>
<h2>Findings</h2>
<table><thead><tr><th>Severity</th><th>Finding</th><th>Detail</th><th>Fix</th></tr></thead><tbody>
${findings}
</tbody></table>
</body>
</html>
`;
}
