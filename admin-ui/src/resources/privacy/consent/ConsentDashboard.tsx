import { useState } from 'react';
import {
  Alert, Box, Card, CardContent, CardHeader, Chip, LinearProgress, MenuItem, Stack, Table, TableBody, TableCell, TableHead, TableRow, TextField,
  Typography, useTheme,
} from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { Title, useTranslate } from 'react-admin';
import { getConsentStats } from './api';
import { PurposeTexts } from './PurposeTexts';
import { channelMatrix, dailySeries, percent } from './series';
import type { ConsentStats } from './types';

const WINDOWS = [7, 30, 90];

/** Grant rate per purpose over the current choices, as bars (0–100 %) with the counts in the tooltip. */
function PurposeRates({ stats }: { stats: ConsentStats }) {
  const translate = useTranslate();
  const t = (key: string, options?: object) => translate(`lockstep.privacy.consent.${key}`, options);
  const { palette } = useTheme();
  const data = stats.purposes.map((p) => ({ purpose: p.purpose, rate: p.rate === null ? 0 : Math.round(p.rate * 100), granted: p.granted, denied: p.denied }));
  return (
    <Card data-testid="consent-purpose-rates">
      <CardHeader title={t('rates_title')} subheader={t('rates_help')} />
      <CardContent>
        <ResponsiveContainer width="100%" height={200}>
          <BarChart data={data} margin={{ top: 8, right: 8, left: -16, bottom: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="purpose" tick={{ fontSize: 11 }} interval={0} />
            <YAxis domain={[0, 100]} unit="%" tick={{ fontSize: 11 }} />
            <Tooltip formatter={(value) => [`${value}%`, t('rate')]} />
            <Bar dataKey="rate" name={t('rate')} fill={palette.success.main} isAnimationActive={false} maxBarSize={56} />
          </BarChart>
        </ResponsiveContainer>
        <Table size="small">
          <TableHead><TableRow>{['purpose', 'default', 'granted', 'denied', 'rate'].map((c) => <TableCell key={c}>{t(`columns.${c}`)}</TableCell>)}</TableRow></TableHead>
          <TableBody>
            {stats.purposes.map((p) => (
              <TableRow key={p.purpose} data-testid={`consent-rate-${p.purpose}`}>
                <TableCell>{p.purpose}</TableCell>
                <TableCell><Chip size="small" label={t(`defaults.${p.default}`)} /></TableCell>
                <TableCell>{p.granted}</TableCell>
                <TableCell>{p.denied}</TableCell>
                <TableCell data-testid="rate">{percent(p.rate)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </CardContent>
    </Card>
  );
}

/** Grant rate per channel (rows) and purpose (columns), where the choices were made. */
function ChannelRates({ stats }: { stats: ConsentStats }) {
  const translate = useTranslate();
  const t = (key: string) => translate(`lockstep.privacy.consent.${key}`);
  const m = channelMatrix(stats);
  return (
    <Card data-testid="consent-channel-rates">
      <CardHeader title={t('channels_title')} subheader={t('channels_help')} />
      <CardContent>
        {m.channels.length ? (
          <Table size="small">
            <TableHead><TableRow><TableCell>{t('columns.channel')}</TableCell>{m.purposes.map((p) => <TableCell key={p}>{p}</TableCell>)}</TableRow></TableHead>
            <TableBody>
              {m.channels.map((channel) => (
                <TableRow key={channel} data-testid={`consent-channel-${channel}`}>
                  <TableCell>{channel}</TableCell>
                  {m.purposes.map((p) => {
                    const c = m.cell(channel, p);
                    return <TableCell key={p} data-purpose={p}>{c ? `${percent(c.rate)} (${c.granted}/${c.granted + c.denied})` : '—'}</TableCell>;
                  })}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        ) : <Typography variant="body2">{t('no_records')}</Typography>}
      </CardContent>
    </Card>
  );
}

/** Grants and withdrawals per day (from the history), for all purposes or one. */
function Changes({ stats }: { stats: ConsentStats }) {
  const translate = useTranslate();
  const t = (key: string) => translate(`lockstep.privacy.consent.${key}`);
  const { palette } = useTheme();
  const [purpose, setPurpose] = useState<string>('');
  const data = dailySeries(stats, purpose || null);
  return (
    <Card data-testid="consent-changes">
      <CardHeader
        title={t('changes_title')}
        subheader={t('changes_help')}
        action={(
          <TextField select size="small" label={t('columns.purpose')} value={purpose} onChange={(e) => setPurpose(e.target.value)} sx={{ minWidth: 180 }} slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true }, htmlInput: { 'data-testid': 'consent-changes-purpose' } }}>
            <MenuItem value="">{t('all_purposes')}</MenuItem>
            {stats.purposes.map((p) => <MenuItem key={p.purpose} value={p.purpose}>{p.purpose}</MenuItem>)}
          </TextField>
        )}
      />
      <CardContent>
        <ResponsiveContainer width="100%" height={220}>
          <BarChart data={data} margin={{ top: 8, right: 8, left: -16, bottom: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="day" tick={{ fontSize: 11 }} />
            <YAxis allowDecimals={false} tick={{ fontSize: 11 }} />
            <Tooltip />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Bar dataKey="granted" name={t('granted')} stackId="c" fill={palette.success.main} isAnimationActive={false} />
            <Bar dataKey="withdrawn" name={t('withdrawn')} stackId="c" fill={palette.error.main} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </CardContent>
    </Card>
  );
}

/**
 * The compliance officer's consent dashboard: grant rates per purpose and per channel over the current choices,
 * grants and withdrawals over time from the append-only history, and the purposes' versioned consent texts.
 */
export function ConsentDashboard() {
  const translate = useTranslate();
  const t = (key: string, options?: object) => translate(`lockstep.privacy.consent.${key}`, options);
  const [days, setDays] = useState(30);
  const { data, error, isLoading } = useQuery({ queryKey: ['privacy', 'consent', 'stats', days], queryFn: () => getConsentStats(days), refetchInterval: 15_000 });
  return (
    <Box sx={{ p: 2 }}>
      <Title title={t('title')} />
      <Stack direction="row" spacing={2} sx={{ mb: 2, alignItems: 'center' }}>
        <Typography variant="h6" sx={{ flex: 1 }}>{t('title')}</Typography>
        <TextField select size="small" label={t('window')} value={days} onChange={(e) => setDays(Number(e.target.value))} slotProps={{ htmlInput: { 'data-testid': 'consent-window' } }}>
          {WINDOWS.map((d) => <MenuItem key={d} value={d}>{t('days', { days: d })}</MenuItem>)}
        </TextField>
      </Stack>
      {error ? <Alert severity="error">{(error as Error).message}</Alert> : null}
      {isLoading || !data ? <LinearProgress /> : (
        <Stack spacing={2}>
          <Typography variant="body2" data-testid="consent-totals">
            {t('totals', { subjects: data.totals.subjects, records: data.totals.records, changes: data.totals.changes, days })}
          </Typography>
          {data.truncated ? <Alert severity="info">{t('truncated')}</Alert> : null}
          <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', lg: '1fr 1fr' } }}>
            <PurposeRates stats={data} />
            <ChannelRates stats={data} />
          </Box>
          <Changes stats={data} />
          <PurposeTexts />
        </Stack>
      )}
    </Box>
  );
}
