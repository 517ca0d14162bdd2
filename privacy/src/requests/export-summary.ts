/**
 * The readable half of an access archive: one self-contained HTML page (no scripts, no external resources) that
 * renders whatever each plugin's export hook returned — objects as definition lists, arrays of records as tables.
 */
const MAX_ROWS = 500;
const MAX_COLUMNS = 14;
const MAX_DEPTH = 4;

export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function scalar(v: unknown): string {
  if (v === null || v === undefined || v === '') return '<span class="none">—</span>';
  if (v instanceof Date) return escapeHtml(v.toISOString());
  if (typeof v === 'object') return `<code>${escapeHtml(truncate(JSON.stringify(v), 300))}</code>`;
  return escapeHtml(String(v));
}

const truncate = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}…` : s);
const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date);

export function renderValue(value: unknown, depth = 0): string {
  if (Array.isArray(value)) {
    if (!value.length) return '<span class="none">none</span>';
    if (value.every(isRecord)) return table(value as Record<string, unknown>[], depth);
    return escapeHtml(value.map((v) => (isRecord(v) ? JSON.stringify(v) : String(v))).join(', '));
  }
  if (isRecord(value)) {
    if (depth >= MAX_DEPTH) return scalar(value);
    const entries = Object.entries(value);
    if (!entries.length) return '<span class="none">none</span>';
    return `<dl>${entries.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${renderValue(v, depth + 1)}</dd>`).join('')}</dl>`;
  }
  return scalar(value);
}

function table(rows: Record<string, unknown>[], depth: number): string {
  const columns: string[] = [];
  for (const r of rows.slice(0, 50)) for (const k of Object.keys(r)) if (!columns.includes(k) && columns.length < MAX_COLUMNS) columns.push(k);
  const shown = rows.slice(0, MAX_ROWS);
  const more = rows.length - shown.length;
  const body = shown.map((r) => `<tr>${columns.map((c) => `<td>${depth >= MAX_DEPTH - 1 || isRecord(r[c]) || Array.isArray(r[c]) ? scalar(r[c]) : renderValue(r[c], depth + 1)}</td>`).join('')}</tr>`).join('');
  return `<p class="count">${rows.length} record(s)</p><table><thead><tr>${columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr></thead><tbody>${body}</tbody></table>${more > 0 ? `<p class="more">… and ${more} more in data.json</p>` : ''}`;
}

export interface SummaryInput {
  requestId: string;
  tenantId: string;
  receivedAt: Date;
  generatedAt: Date;
  subject: { personId: string | null; identifiers: Record<string, string[]> };
  sections: { title: string; value: unknown }[];
}

export function renderSummary(input: SummaryInput): string {
  const ids = Object.entries(input.subject.identifiers).flatMap(([k, vs]) => vs.map((v) => ({ kind: k, value: v })));
  const toc = input.sections.map((s, i) => `<li><a href="#s${i}">${escapeHtml(s.title)}</a></li>`).join('');
  const sections = input.sections.map((s, i) => `<section id="s${i}"><h2>${escapeHtml(s.title)}</h2>${renderValue(s.value)}</section>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Your data — request ${escapeHtml(input.requestId)}</title>
<style>body{font:14px/1.45 system-ui,sans-serif;margin:2rem;max-width:1100px}table{border-collapse:collapse;margin:.5rem 0;font-size:12px}
td,th{border:1px solid #ccc;padding:2px 6px;vertical-align:top;text-align:left}th{background:#f3f3f3}dl{margin:.2rem 0 .2rem 1rem}
dt{font-weight:600}dd{margin:0 0 .3rem 1rem}.none{color:#888}code{font-size:11px;word-break:break-all}.count,.more{color:#555;margin:.2rem 0}</style>
</head><body>
<h1>Your personal data</h1>
<p>Everything this shop's platform holds about you, collected for access request <code>${escapeHtml(input.requestId)}</code>
(received ${escapeHtml(input.receivedAt.toISOString())}, generated ${escapeHtml(input.generatedAt.toISOString())}).
The complete, machine-readable copy is <code>data.json</code> in this archive.</p>
<h2>Who this is about</h2>
<p>Person <code>${escapeHtml(input.subject.personId ?? '—')}</code> and ${ids.length} identifier(s) of your devices and accounts:</p>
${renderValue(ids)}
<h2>Contents</h2><ol>${toc}</ol>
${sections}
</body></html>
`;
}
