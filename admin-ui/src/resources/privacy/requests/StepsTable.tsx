import { Chip, Table, TableBody, TableCell, TableHead, TableRow, Typography, type ChipProps } from '@mui/material';
import { useTranslate } from 'react-admin';
import type { RequestStep } from './types';

const P = 'lockstep.privacy.requests';
const COLORS: Record<RequestStep['status'], ChipProps['color']> = { done: 'success', failed: 'error', skipped: 'default' };

/** `plugin:<name>` → "Plugin <name>", core steps by their label. */
export function useStepLabel(): (key: string) => string {
  const translate = useTranslate();
  return (key) => (key.startsWith('plugin:') ? translate(`${P}.step_labels.plugin`, { name: key.slice(7) }) : translate(`${P}.step_labels.${key}`, { _: key }));
}

const compact = (result: Record<string, unknown>) => Object.entries(result).filter(([, v]) => typeof v !== 'object' || v === null).map(([k, v]) => `${k}: ${v}`).join(' · ');

/** One row per plugin hook and core step: status, runs, records deleted, result and the last error. */
export function StepsTable({ steps }: { steps: RequestStep[] }) {
  const translate = useTranslate();
  const label = useStepLabel();
  const c = (k: string) => translate(`${P}.step_columns.${k}`);
  if (!steps.length) return <Typography variant="body2" color="text.secondary">{translate(`${P}.no_steps`)}</Typography>;
  return (
    <Table size="small" data-testid="request-steps">
      <TableHead>
        <TableRow>{['key', 'status', 'attempts', 'deleted', 'result', 'error'].map((k) => <TableCell key={k}>{c(k)}</TableCell>)}</TableRow>
      </TableHead>
      <TableBody>
        {steps.map((s) => (
          <TableRow key={s.key} data-testid={`request-step-${s.key}`} data-status={s.status}>
            <TableCell>{label(s.key)}</TableCell>
            <TableCell><Chip size="small" color={COLORS[s.status]} label={s.status} /></TableCell>
            <TableCell align="right">{s.attempts}</TableCell>
            <TableCell align="right">{s.deleted}</TableCell>
            <TableCell><Typography variant="caption">{compact(s.result)}</Typography></TableCell>
            <TableCell><Typography variant="caption" color="error">{s.error ?? ''}</Typography></TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
