import { Alert, Box, Card, CardContent, CardHeader, Chip, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { DateField, Show, useRecordContext, useTranslate } from 'react-admin';
import { ReportLinks } from './ReportLinks';
import { SeverityChip, SeveritySummary } from './SeverityChip';
import type { AuditReport } from './types';

function ReportBody() {
  const report = useRecordContext<AuditReport>();
  const translate = useTranslate();
  const t = (key: string, options?: object) => translate(`lockstep.privacy.audits.${key}`, options);
  if (!report) return null;
  const findings = report.findings ?? [];
  return (
    <Stack spacing={2} sx={{ p: 2 }} data-testid="report-show" data-report-id={report.id}>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
        <Typography variant="body2" color="text.secondary">
          {t('ran')} <DateField record={report} source="ranAt" showTime /> · {report.actor.kind}:{report.actor.id}
        </Typography>
        <SeveritySummary report={report} />
        <ReportLinks report={report} />
      </Stack>
      <Card variant="outlined">
        <CardHeader title={t('checks_title')} titleTypographyProps={{ variant: 'subtitle1' }} />
        <CardContent>
          <Stack direction="row" spacing={1} sx={{ flexWrap: 'wrap', rowGap: 1 }}>
            {report.checks.map((c) => (
              <Chip
                key={c.check} size="small" data-testid={`report-check-${c.check}`} data-status={c.status}
                color={c.status === 'ok' ? 'success' : c.status === 'error' ? 'error' : 'warning'}
                label={`${t(`checks.${c.check}`, { _: c.check })}: ${c.status === 'ok' ? t('passed') : c.status === 'error' ? t('not_run') : t('findings_count', { smart_count: c.findings })}`}
              />
            ))}
          </Stack>
        </CardContent>
      </Card>
      {findings.length === 0 ? <Alert severity="success" data-testid="report-clean">{t('no_findings')}</Alert> : (
        <Box sx={{ overflowX: 'auto' }}>
          <Table size="small" data-testid="report-findings">
            <TableHead>
              <TableRow>{['severity', 'finding', 'detail', 'fix'].map((c) => <TableCell key={c}>{t(`columns.${c}`)}</TableCell>)}</TableRow>
            </TableHead>
            <TableBody>
              {findings.map((f) => (
                <TableRow key={f.id} data-testid={`finding-${f.id}`} data-severity={f.severity} sx={{ verticalAlign: 'top' }}>
                  <TableCell><SeverityChip severity={f.severity} /></TableCell>
                  <TableCell sx={{ minWidth: 220 }}><strong>{f.title}</strong><Typography variant="caption" display="block" color="text.secondary">{t(`checks.${f.check}`, { _: f.check })}</Typography></TableCell>
                  <TableCell sx={{ minWidth: 260 }}>{f.detail}</TableCell>
                  <TableCell sx={{ minWidth: 260 }} data-testid={`finding-fix-${f.id}`}>{f.fix}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      )}
    </Stack>
  );
}

/** One privacy audit report: checks, then every finding with its severity and fix; links to HTML and PDF. */
export function AuditReportShow() {
  return <Show actions={false}><ReportBody /></Show>;
}
