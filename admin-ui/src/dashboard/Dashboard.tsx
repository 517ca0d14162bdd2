import { Grid } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useAbility } from '@casl/react';
import { Title, useDataProvider, useGetList } from 'react-admin';
import type { LockstepDataProvider } from '../dataProvider';
import type { LockstepAbility } from '../auth/ability';
import type { Plugin, Queue } from '../types';
import { PlatformHealth } from './PlatformHealth';
import { PluginStatus } from './PluginStatus';
import { QueueDepths } from './QueueDepths';

/** Live updates: every widget's data is polled on this interval. */
const REFRESH_MS = 2000;
const ALL = { pagination: { page: 1, perPage: 100 }, sort: { field: 'name', order: 'ASC' as const } };

/** Fetches health, queues and plugins (each only when the ability allows it) and hands them to the widgets. */
export function Dashboard() {
  const dataProvider = useDataProvider<LockstepDataProvider>();
  const ability = useAbility<LockstepAbility>();
  const canReadQueues = ability.can('read', 'Queue');
  const canReadPlugins = ability.can('read', 'Plugin');

  const health = useQuery({
    queryKey: ['lockstep', 'health'],
    queryFn: () => dataProvider.getHealth(),
    refetchInterval: REFRESH_MS,
  });
  const queues = useGetList<Queue>('queues', ALL, { enabled: canReadQueues, refetchInterval: REFRESH_MS });
  const plugins = useGetList<Plugin>('plugins', ALL, { enabled: canReadPlugins, refetchInterval: REFRESH_MS });

  return (
    <Grid container spacing={2} sx={{ mt: 1, mb: 2 }}>
      <Title title="lockstep.dashboard.title" />
      <Grid size={{ xs: 12, lg: canReadPlugins ? 8 : 12 }}>
        <PlatformHealth health={health.data} isPending={health.isPending} error={health.error} />
      </Grid>
      {canReadPlugins ? (
        <Grid size={{ xs: 12, lg: 4 }}>
          <PluginStatus plugins={plugins.data} isPending={plugins.isPending} error={plugins.error} />
        </Grid>
      ) : null}
      {canReadQueues ? (
        <Grid size={12}>
          <QueueDepths queues={queues.data} isPending={queues.isPending} error={queues.error} />
        </Grid>
      ) : null}
    </Grid>
  );
}
