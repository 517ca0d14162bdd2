import { Chip, type ChipProps } from '@mui/material';
import { useTranslate } from 'react-admin';

const COLORS: Record<string, ChipProps['color']> = {
  ok: 'success',
  up: 'success',
  active: 'success',
  completed: 'success',
  running: 'info',
  processing: 'info',
  waiting: 'default',
  queued: 'default',
  delayed: 'warning',
  degraded: 'warning',
  paused: 'default',
  disabled: 'default',
  revoked: 'default',
  failed: 'error',
  error: 'error',
  down: 'error',
};

/** A coloured chip for any status word the API sends; the label goes through `lockstep.status.<status>`. */
export function StatusChip({ status, testId, ...rest }: { status: string; testId?: string } & Omit<ChipProps, 'label'>) {
  const translate = useTranslate();
  return (
    <Chip
      size="small"
      color={COLORS[status] ?? 'default'}
      label={translate(`lockstep.status.${status}`, { _: status })}
      data-testid={testId}
      data-status={status}
      {...rest}
    />
  );
}
