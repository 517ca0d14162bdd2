import { Stack, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { StatusChip } from '../components/StatusChip';
import type { Health } from '../types';
import { Widget } from './Widget';
import { WorkerTable } from './WorkerTable';

interface PlatformHealthProps {
  health?: Health;
  isPending: boolean;
  error?: unknown;
}

/** Store, Redis and worker checks of `GET /health`, then one row per worker. */
export function PlatformHealth({ health, isPending, error }: PlatformHealthProps) {
  const translate = useTranslate();
  const checks = health?.checks;
  return (
    <Widget
      title="lockstep.dashboard.health.title"
      testId="dashboard-health"
      isPending={isPending}
      error={error}
      action={health ? <StatusChip status={health.status} testId="health-overall" /> : null}
    >
      {checks ? (
        <>
          <Stack direction="row" spacing={3} sx={{ mb: 2, flexWrap: 'wrap' }}>
            {(['store', 'redis', 'workers'] as const).map((name) => (
              <Stack key={name} direction="row" spacing={1} sx={{ alignItems: 'center' }}>
                <Typography variant="body2">{translate(`lockstep.dashboard.health.${name}`)}</Typography>
                <StatusChip status={checks[name].status} testId={`health-${name}`} />
                {checks[name].latencyMs !== undefined ? (
                  <Typography variant="caption" color="text.secondary">
                    {translate('lockstep.dashboard.health.latency', { ms: checks[name].latencyMs })}
                  </Typography>
                ) : null}
              </Stack>
            ))}
          </Stack>
          <WorkerTable workers={checks.workers.workers ?? []} />
        </>
      ) : null}
    </Widget>
  );
}
