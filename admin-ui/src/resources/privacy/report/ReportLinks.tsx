import { Button, Stack } from '@mui/material';
import DescriptionIcon from '@mui/icons-material/Description';
import PictureAsPdfIcon from '@mui/icons-material/PictureAsPdf';
import { useTranslate } from 'react-admin';
import type { AuditReport } from './types';

/** Links to the report's HTML page and PDF (the session cookie authenticates the download). */
export function ReportLinks({ report }: { report: Pick<AuditReport, 'links'> }) {
  const translate = useTranslate();
  const stop = (e: React.MouseEvent) => e.stopPropagation();
  return (
    <Stack direction="row" spacing={1}>
      <Button size="small" href={report.links.html} target="_blank" rel="noopener" onClick={stop} startIcon={<DescriptionIcon />} data-testid="report-html">{translate('lockstep.privacy.audits.html')}</Button>
      <Button size="small" href={report.links.pdf} onClick={stop} startIcon={<PictureAsPdfIcon />} data-testid="report-pdf">{translate('lockstep.privacy.audits.pdf')}</Button>
    </Stack>
  );
}
