import { createHash } from 'node:crypto';
import { strToU8, zipSync } from 'fflate';
import { renderSummary, type SummaryInput } from './export-summary.ts';

export const ARCHIVE_FILES = ['data.json', 'summary.html', 'README.txt'] as const;

const README = `This archive answers a data-subject access request.
- data.json: everything held about you, machine-readable (UTF-8 JSON): per plugin ("plugins") and the platform's own
  records ("core": shopper events, consent records, audit entries naming you, earlier requests).
- summary.html: the same, readable in any browser (no scripts, no external resources).
`;

/** The archive: data.json (complete), summary.html (readable), README.txt; zipped (deflate). */
export function buildArchive(data: Record<string, unknown>, summary: SummaryInput): { zip: Buffer; sha256: string; files: string[] } {
  const zip = Buffer.from(zipSync({
    'data.json': strToU8(JSON.stringify(data, null, 2)),
    'summary.html': strToU8(renderSummary(summary)),
    'README.txt': strToU8(README),
  }, { level: 6, mtime: summary.generatedAt }));
  return { zip, sha256: createHash('sha256').update(zip).digest('hex'), files: [...ARCHIVE_FILES] };
}
