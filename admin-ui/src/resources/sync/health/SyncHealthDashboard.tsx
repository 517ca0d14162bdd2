import { useState, type ReactNode } from 'react';
import { Alert, Box, Card, CardContent, CardHeader, LinearProgress, MenuItem, Stack, TextField, Typography, useTheme } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { Title, useLocale, useTranslate } from 'react-admin';
import { getSyncHealth } from '../api';
import { formatMs } from '../format';
import { HEALTH_WINDOWS, healthRows, windowTotals, type HealthRow, type HealthWindow } from '../series';
import type { SyncHealth } from '../types';
import { usePageVisible } from '../usePageVisible';

export const REFRESH_MS = 10_000;
const H = 'lockstep.sync.health';

function Headline({ label, value, testId, warn }: { label: string; value: ReactNode; testId: string; warn?: boolean }) {
  return (
    <Card variant="outlined" sx={{ flex: 1, minWidth: 160 }}>
      <CardContent>
        <Typography variant="caption" color="text.secondary">{label}</Typography>
        <Typography variant="h5" data-testid={testId} color={warn ? 'warning.main' : undefined}>{value}</Typography>
      </CardContent>
    </Card>
  );
}

function ChartCard({ title, help, testId, children }: { title: string; help: string; testId: string; children: ReactNode }) {
  return (
    <Card data-testid={testId}>
      <CardHeader title={title} subheader={help} slotProps={{ title: { variant: 'subtitle1' }, subheader: { variant: 'caption' } }} />
      <CardContent>
        <ResponsiveContainer width="100%" height={220}>{children as React.ReactElement}</ResponsiveContainer>
      </CardContent>
    </Card>
  );
}

function Charts({ rows }: { rows: HealthRow[] }) {
  const translate = useTranslate();
  const t = (key: string) => translate(`${H}.${key}`);
  const { palette } = useTheme();
  const axis = { dataKey: 'label', tick: { fontSize: 11 }, minTickGap: 24 } as const;
  const margin = { top: 8, right: 8, left: 0, bottom: 0 };
  return (
    <Stack spacing={2}>
      <ChartCard title={t('convergence_title')} help={t('convergence_help')} testId="sync-health-convergence">
        <LineChart data={rows} margin={margin}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis {...axis} />
          <YAxis unit=" ms" tick={{ fontSize: 11 }} width={64} />
          <Tooltip formatter={(v) => formatMs(typeof v === 'number' ? v : null)} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {/* Dots: a minute with commits between quiet minutes is a single point, which a bare line would not draw. */}
          <Line dataKey="p50" name={t('p50')} stroke={palette.primary.main} dot={{ r: 2 }} isAnimationActive={false} connectNulls={false} />
          <Line dataKey="p99" name={t('p99')} stroke={palette.warning.main} dot={{ r: 2 }} isAnimationActive={false} connectNulls={false} />
        </LineChart>
      </ChartCard>
      <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', lg: '1fr 1fr' } }}>
        <ChartCard title={t('resyncs_title')} help={t('resyncs_help')} testId="sync-health-resyncs">
          <BarChart data={rows} margin={margin}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis {...axis} />
            <YAxis allowDecimals={false} tick={{ fontSize: 11 }} width={40} />
            <Tooltip />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Bar dataKey="resyncs" name={t('resyncs')} fill={palette.info.main} isAnimationActive={false} />
            <Bar dataKey="digestMismatches" name={t('digestMismatches')} fill={palette.error.main} isAnimationActive={false} />
          </BarChart>
        </ChartCard>
        <ChartCard title={t('devices_title')} help={t('devices_help')} testId="sync-health-devices">
          <LineChart data={rows} margin={margin}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis {...axis} />
            <YAxis allowDecimals={false} tick={{ fontSize: 11 }} width={40} />
            <Tooltip />
            <Line type="stepAfter" dataKey="connectedDevices" name={t('connectedDevices')} stroke={palette.success.main} dot={false} isAnimationActive={false} />
          </LineChart>
        </ChartCard>
      </Box>
    </Stack>
  );
}

function windowLabel(translate: ReturnType<typeof useTranslate>, minutes: HealthWindow): string {
  return minutes >= 60 ? translate(`${H}.hours`, { smart_count: minutes / 60 }) : translate(`${H}.minutes`, { smart_count: minutes });
}

function Body({ data, minutes }: { data: SyncHealth; minutes: HealthWindow }) {
  const translate = useTranslate();
  const locale = useLocale();
  const t = (key: string, options?: object) => translate(`${H}.${key}`, options);
  const rows = healthRows(data, minutes, Date.now(), locale);
  const totals = windowTotals(data.buckets);
  const { now } = data;
  return (
    <Stack spacing={2}>
      <Stack direction="row" spacing={2} sx={{ flexWrap: 'wrap', rowGap: 2 }} data-testid="sync-health-now">
        <Headline label={t('now.connectedDevices')} value={now.connectedDevices} testId="sync-health-now-devices" />
        <Headline label={t('now.convergenceP50')} value={formatMs(now.convergenceP50)} testId="sync-health-now-p50" />
        <Headline label={t('now.convergenceP99')} value={formatMs(now.convergenceP99)} testId="sync-health-now-p99" />
        <Headline label={t('now.resyncs')} value={now.resyncs} testId="sync-health-now-resyncs" warn={now.resyncs > 0} />
        <Headline label={t('now.digestMismatches')} value={now.digestMismatches} testId="sync-health-now-mismatches" warn={now.digestMismatches > 0} />
      </Stack>
      <Typography variant="caption" color="text.secondary">{t('now_help')}</Typography>
      <Typography variant="body2" color="text.secondary" data-testid="sync-health-totals">
        {t('totals', { commits: totals.commits, worst: formatMs(totals.worstP99), peak: totals.peakDevices ?? translate('lockstep.none') })}
      </Typography>
      <Charts rows={rows} />
    </Stack>
  );
}

/**
 * Sync health over time (`GET /api/plugins/sync/health?minutes=N`): how fast commits reach every device, how often
 * devices need a full resync or are found diverged, how many are connected. Refreshes every 10 s while visible.
 */
export function SyncHealthDashboard() {
  const translate = useTranslate();
  const t = (key: string, options?: object) => translate(`${H}.${key}`, options);
  const visible = usePageVisible();
  const [minutes, setMinutes] = useState<HealthWindow>(60);
  const { data, error, isLoading } = useQuery({
    queryKey: ['sync', 'health', minutes],
    queryFn: () => getSyncHealth(minutes),
    refetchInterval: visible ? REFRESH_MS : false,
  });
  return (
    <Box sx={{ p: 2 }} data-testid="sync-health">
      <Title title={t('title')} />
      <Stack direction="row" spacing={2} sx={{ mb: 2, alignItems: 'center' }}>
        <Box sx={{ flex: 1 }}>
          <Typography variant="h6">{t('title')}</Typography>
          <Typography variant="caption" color="text.secondary">{t('refresh')}</Typography>
        </Box>
        <TextField select size="small" label={t('window')} value={minutes} sx={{ width: 220, flex: 'none' }} onChange={(e) => setMinutes(Number(e.target.value) as HealthWindow)} slotProps={{ htmlInput: { 'data-testid': 'sync-health-window' } }}>
          {HEALTH_WINDOWS.map((m) => <MenuItem key={m} value={m}>{windowLabel(translate, m)}</MenuItem>)}
        </TextField>
      </Stack>
      {error ? <Alert severity="error" data-testid="sync-health-error">{(error as Error).message}</Alert> : null}
      {isLoading || !data ? (error ? null : <LinearProgress />) : <Body data={data} minutes={minutes} />}
    </Box>
  );
}
