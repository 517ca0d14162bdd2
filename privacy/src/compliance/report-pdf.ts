import PDFDocument from 'pdfkit';
import { SEVERITIES, type Severity } from './finding.ts';
import { CHECK_TITLES, type AuditReportView } from './report-view.ts';

const COLORS: Record<Severity, string> = { high: '#b71c1c', medium: '#e65100', low: '#1565c0', info: '#546e7a' };

/**
 * The standard PDF fonts (no font files to ship) encode WinAnsi only: arrows and dashes become ASCII, anything else
 * outside Latin-1 a '?'. Reports hold names, counts and ids, so this loses nothing in practice.
 */
const pdfText = (s: unknown) => String(s ?? '')
  .replace(/→/g, '>').replace(/[–—]/g, '-').replace(/…/g, '...').replace(/[‘’]/g, "'").replace(/[“”]/g, '"')
  .replace(/[^\x09\x0a\x0d\x20-\x7e\xa0-\xff]/g, '?');

/**
 * The report as a PDF, generated in-process with pdfkit (no browser): title, summary, checks, then one block per
 * finding with its severity, detail and fix; page numbers in the footer.
 */
export function renderReportPdf(r: AuditReportView, tenantName: string): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4', margin: 50, bufferPages: true,
    info: { Title: `Privacy audit ${r.id}`, Author: 'Lockstep', Subject: `Privacy audit of tenant ${pdfText(tenantName)}`, CreationDate: new Date(r.ranAt) },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const width = doc.page.width - 100;

  doc.font('Helvetica-Bold').fontSize(20).fillColor('#212121').text('Privacy audit report');
  doc.moveDown(0.3).font('Helvetica').fontSize(9).fillColor('#616161')
    .text(pdfText(`Tenant ${tenantName} (${r.tenantId})  |  report ${r.id}  |  run ${r.ranAt} by ${r.actor.kind} ${r.actor.id}`));
  doc.moveDown(0.8).fontSize(11).fillColor('#212121').font('Helvetica-Bold').text(`${r.summary.total} finding${r.summary.total === 1 ? '' : 's'}: `, { continued: true });
  SEVERITIES.forEach((s, i) => {
    doc.fillColor(COLORS[s]).text(`${s.toUpperCase()} ${r.summary[s]}`, { continued: i < SEVERITIES.length - 1 });
    if (i < SEVERITIES.length - 1) doc.fillColor('#212121').text('   ', { continued: true });
  });

  doc.moveDown(1).font('Helvetica-Bold').fontSize(13).fillColor('#212121').text('Checks');
  doc.font('Helvetica').fontSize(10);
  for (const c of r.checks) {
    const result = c.status === 'ok' ? 'passed' : c.status === 'error' ? `could not run: ${c.error}` : `${c.findings} finding${c.findings === 1 ? '' : 's'}`;
    doc.fillColor('#212121').text(pdfText(`${CHECK_TITLES[c.check] ?? c.check}: `), { continued: true })
      .fillColor(c.status === 'ok' ? '#2e7d32' : c.status === 'error' ? '#b71c1c' : '#e65100').text(pdfText(result));
  }
  doc.moveDown(0.3).fontSize(8).fillColor('#616161').text(`Thresholds: tenant data key ${r.settings.keyMaxAgeDays} days, master key ${r.settings.masterKeyMaxAgeDays} days.`);

  doc.moveDown(1).font('Helvetica-Bold').fontSize(13).fillColor('#212121').text('Findings');
  if (!r.findings.length) doc.font('Helvetica').fontSize(10).text('No findings.');
  for (const f of r.findings) {
    if (doc.y > doc.page.height - 150) doc.addPage();
    doc.moveDown(0.6).font('Helvetica-Bold').fontSize(9).fillColor(COLORS[f.severity]).text(f.severity.toUpperCase(), { continued: true })
      .fillColor('#212121').fontSize(10.5).text(pdfText(`  ${f.title}`), { width });
    doc.font('Helvetica').fontSize(9).fillColor('#424242').text(pdfText(f.detail), { width });
    doc.moveDown(0.2).font('Helvetica-Bold').fillColor('#212121').text('Fix: ', { continued: true }).font('Helvetica').text(pdfText(f.fix), { width });
  }

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Below the bottom margin pdfkit would start a new page: lift the margin while writing the footer.
    doc.page.margins.bottom = 0;
    doc.font('Helvetica').fontSize(8).fillColor('#9e9e9e').text(`Lockstep privacy audit ${r.id} - page ${i + 1} of ${range.count}`, 50, doc.page.height - 35, { width, align: 'center', lineBreak: false });
  }
  doc.end();
  return done;
}
