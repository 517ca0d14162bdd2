import { useState, type ReactNode } from 'react';
import { Alert, Box, Button as MuiButton, Card, CardContent, CardHeader, Chip, LinearProgress, Stack, Typography } from '@mui/material';
import FiberManualRecordIcon from '@mui/icons-material/FiberManualRecord';
import PauseCircleOutlineIcon from '@mui/icons-material/PauseCircleOutline';
import { Link, Show, useCreatePath, useLocale, useRecordContext, useTranslate } from 'react-admin';
import { parsePersonKey, relativeTime } from '../format';
import type { SyncStateDetail } from '../types';
import { usePageVisible } from '../usePageVisible';
import { CurrentView } from './CurrentView';
import { DevicesTable } from './DevicesTable';
import { PersonLink } from './PersonLink';
import { RecentCommits } from './RecentCommits';

/** The live page polls this often while its tab is visible. */
export const POLL_MS = 2000;

function Section({ title, subheader, children, testId }: { title: string; subheader?: string; children: ReactNode; testId?: string }) {
  const translate = useTranslate();
  return (
    <Card variant="outlined" data-testid={testId}>
      <CardHeader title={translate(title)} subheader={subheader ? translate(subheader) : undefined} slotProps={{ title: { variant: 'subtitle1' }, subheader: { variant: 'caption' } }} sx={{ pb: 0 }} />
      <CardContent>{children}</CardContent>
    </Card>
  );
}

function Item({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <Box>
      <Typography variant="caption" color="text.secondary">{label}</Typography>
      <Typography variant="body2" component="div" data-testid={testId}>{children}</Typography>
    </Box>
  );
}

function LiveIndicator({ visible, refreshedAt }: { visible: boolean; refreshedAt: number | null }) {
  const translate = useTranslate();
  const locale = useLocale();
  if (!visible) return <Chip size="small" icon={<PauseCircleOutlineIcon />} label={translate('lockstep.sync.paused')} data-testid="sync-live" data-live="false" />;
  const ago = refreshedAt ? relativeTime(new Date(refreshedAt).toISOString(), Date.now(), locale) : translate('lockstep.none');
  return <Chip size="small" color="success" variant="outlined" icon={<FiberManualRecordIcon />} label={translate('lockstep.sync.live', { ago })} data-testid="sync-live" data-live="true" />;
}

function SyncStateDetailView({ visible, refreshedAt }: { visible: boolean; refreshedAt: number | null }) {
  const state = useRecordContext<SyncStateDetail>();
  const translate = useTranslate();
  const createPath = useCreatePath();
  const field = (key: string) => translate(`lockstep.sync.summary.${key}`);
  if (!state) return null;
  // react-admin seeds the record from the list row (no view or devices) until the detail arrives.
  const detailed = Boolean(state.view) && Array.isArray(state.devices);
  const key = parsePersonKey(String(state.id));
  const now = refreshedAt ?? Date.now();
  const online = detailed ? state.devices.filter((d) => d.online).length : state.devicesOnline;
  return (
    <CardContent data-testid="sync-state" data-seq={state.seq}>
      <Stack spacing={2}>
        <Stack direction="row" useFlexGap spacing={4} sx={{ flexWrap: 'wrap', alignItems: 'center', rowGap: 2 }}>
          <Item label={field('key')} testId="sync-state-key"><code>{state.id}</code></Item>
          <Item label={field('person')} testId="sync-state-person">
            {state.personId ? <PersonLink personId={state.personId} /> : key.kind === 'anonymous' ? field('anonymous') : translate('lockstep.none')}
          </Item>
          <Item label={field('seq')} testId="sync-state-seq">{state.seq}</Item>
          <Item label={field('updatedAt')}>{state.updatedAt ? new Date(state.updatedAt).toLocaleString() : translate('lockstep.none')}</Item>
          <Item label={field('devicesOnline')} testId="sync-state-online">{online}</Item>
          <Box sx={{ flex: 1, display: 'flex', justifyContent: 'flex-end' }}><LiveIndicator visible={visible} refreshedAt={refreshedAt} /></Box>
        </Stack>
        {state.movedTo ? (
          <Alert
            severity="info"
            data-testid="sync-state-moved"
            action={<MuiButton component={Link} to={createPath({ resource: 'sync/states', id: state.movedTo, type: 'show' })}>{translate('lockstep.sync.open_moved')}</MuiButton>}
          >
            {translate('lockstep.sync.moved', { key: state.movedTo })}
          </Alert>
        ) : null}
        {detailed ? null : <LinearProgress />}
        {detailed ? (
          <>
            <Section title="lockstep.sync.devices.title" subheader="lockstep.sync.devices.help" testId="sync-devices-section">
              <DevicesTable devices={state.devices} seq={state.seq} now={now} />
            </Section>
            <Section title="lockstep.sync.view.title" testId="sync-view-section">
              <CurrentView view={state.view} catalog={state.catalog ?? {}} />
            </Section>
            <Section title="lockstep.sync.commits.title" subheader="lockstep.sync.commits.help" testId="sync-commits-section">
              <RecentCommits commits={state.recentOps ?? []} now={now} />
            </Section>
          </>
        ) : null}
      </Stack>
    </CardContent>
  );
}

/**
 * One person's live sync state across devices (`GET /api/plugins/sync/states/:id`), polled every 2 s while the tab
 * is visible: devices and how far each has applied the log, the merged view, the newest commits.
 */
export function SyncStateShow() {
  const visible = usePageVisible();
  const [refreshedAt, setRefreshedAt] = useState<number | null>(null);
  return (
    <Show
      queryOptions={{
        refetchInterval: visible ? POLL_MS : false,
        refetchIntervalInBackground: false,
        onSuccess: () => setRefreshedAt(Date.now()),
      }}
    >
      <SyncStateDetailView visible={visible} refreshedAt={refreshedAt} />
    </Show>
  );
}
