import { Chip, type ChipProps } from '@mui/material';
import { useTranslate } from 'react-admin';
import { SEVERITIES, type AuditReport, type Severity } from './types';

const COLOR: Record<Severity, ChipProps['color']> = { high: 'error', medium: 'warning', low: 'info', info: 'default' };

export function SeverityChip({ severity, count }: { severity: Severity; count?: number }) {
  const translate = useTranslate();
  const label = translate(`lockstep.privacy.audits.severity.${severity}`);
  return (
    <Chip
      size="small"
      color={COLOR[severity]}
      variant={count === 0 ? 'outlined' : 'filled'}
      label={count === undefined ? label : `${label} ${count}`}
      data-testid={count === undefined ? `severity-${severity}` : `summary-${severity}`}
      data-severity={severity}
      data-count={count}
    />
  );
}

/** The four counts of a report, worst first. */
export function SeveritySummary({ report }: { report: Pick<AuditReport, 'summary'> }) {
  return <span style={{ display: 'inline-flex', gap: 4 }}>{SEVERITIES.map((s) => <SeverityChip key={s} severity={s} count={report.summary[s]} />)}</span>;
}
