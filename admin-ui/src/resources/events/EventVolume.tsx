import { useState } from 'react';
import { Box, Card, CardContent, CardHeader, Chip, LinearProgress, Stack, ToggleButton, ToggleButtonGroup, Typography, Alert } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useDataProvider, useLocale, useTranslate } from 'react-admin';
import type { LockstepDataProvider } from '../../dataProvider';
import { channelColor } from './eventTypes';
import { VolumeChart } from './VolumeChart';
import { VOLUME_SPANS, volumeRange, volumeRows, type VolumeSpan } from './volumeSeries';

/** Refetch interval of the volume chart (the live table shows every event as it comes). */
const REFRESH_MS = 30_000;

/** Per-channel event volume over the last 24 hours, 7 or 30 days. */
export function EventVolume() {
  const translate = useTranslate();
  const locale = useLocale();
  const dataProvider = useDataProvider<LockstepDataProvider>();
  const [span, setSpan] = useState<VolumeSpan>('24h');
  const volume = useQuery({
    queryKey: ['lockstep', 'events', 'volume', span],
    queryFn: () => dataProvider.getEventVolume(volumeRange(span)),
    refetchInterval: REFRESH_MS,
  });
  const answer = volume.data;
  return (
    <Card data-testid="events-volume">
      <CardHeader
        title={translate('lockstep.events.volume.title')}
        slotProps={{ title: { variant: 'h6' } }}
        action={
          <ToggleButtonGroup size="small" exclusive value={span} onChange={(_, value: VolumeSpan | null) => value && setSpan(value)}>
            {VOLUME_SPANS.map((s) => (
              <ToggleButton key={s} value={s} data-testid={`volume-span-${s}`}>
                {translate(`lockstep.events.volume.spans.${s}`)}
              </ToggleButton>
            ))}
          </ToggleButtonGroup>
        }
      />
      {volume.isPending ? <LinearProgress /> : null}
      <CardContent sx={{ pt: 0 }}>
        {volume.error ? <Alert severity="error">{volume.error.message}</Alert> : null}
        {answer ? (
          <>
            <Stack direction="row" spacing={1} sx={{ mb: 1, flexWrap: 'wrap', rowGap: 1 }} alignItems="center">
              <Typography variant="body2" data-testid="volume-total" data-count={answer.total}>
                {translate('lockstep.events.volume.total', { count: answer.total, smart_count: answer.total })}
              </Typography>
              {answer.channels.map((channel) => (
                <Chip
                  key={channel}
                  size="small"
                  variant="outlined"
                  label={`${channel} · ${answer.totals[channel]}`}
                  data-testid={`volume-total-${channel}`}
                  data-count={answer.totals[channel]}
                  sx={{ borderColor: channelColor(channel), color: channelColor(channel) }}
                />
              ))}
            </Stack>
            {answer.total === 0 ? (
              <Box sx={{ py: 4, textAlign: 'center' }}>
                <Typography variant="body2" color="text.secondary">{translate('lockstep.events.volume.empty')}</Typography>
              </Box>
            ) : (
              <Box data-testid="events-volume-chart">
                <VolumeChart rows={volumeRows(answer, locale)} channels={answer.channels} />
              </Box>
            )}
          </>
        ) : null}
      </CardContent>
    </Card>
  );
}
