import { Box, Chip, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { channelColor } from './eventTypes';
import { propertiesText } from './liveBuffer';
import type { EventSummary } from './types';

const time = (iso: string) => new Date(iso).toLocaleTimeString();

/** The events pushed so far, newest first. Display only. */
export function LiveEventTable({ events }: { events: EventSummary[] }) {
  const translate = useTranslate();
  if (!events.length) {
    return (
      <Box sx={{ py: 4, textAlign: 'center' }} data-testid="live-events-empty">
        <Typography variant="body2" color="text.secondary">{translate('lockstep.events.live.empty')}</Typography>
      </Box>
    );
  }
  const col = (key: string) => translate(`lockstep.events.columns.${key}`);
  return (
    <Box sx={{ overflowX: 'auto' }}>
      <Table size="small" data-testid="live-events">
        <TableHead>
          <TableRow>
            <TableCell>{col('time')}</TableCell>
            <TableCell>{col('type')}</TableCell>
            <TableCell>{col('channel')}</TableCell>
            <TableCell>{col('device')}</TableCell>
            <TableCell>{col('anonymousId')}</TableCell>
            <TableCell>{col('userId')}</TableCell>
            <TableCell>{col('properties')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {events.map((e) => (
            <TableRow key={e.eventId} data-testid={`live-event-${e.eventId}`} data-type={e.type} data-channel={e.channel} data-anonymous-id={e.anonymousId ?? ''}>
              <TableCell title={e.receivedAt} sx={{ whiteSpace: 'nowrap' }}>{time(e.receivedAt)}</TableCell>
              <TableCell><code>{e.type}</code></TableCell>
              <TableCell>
                <Chip size="small" variant="outlined" label={e.channel} sx={{ borderColor: channelColor(e.channel), color: channelColor(e.channel) }} />
              </TableCell>
              <TableCell>{[e.device?.screen, e.device?.os].filter(Boolean).join(' · ') || translate('lockstep.none')}</TableCell>
              <TableCell sx={{ fontFamily: 'monospace', fontSize: 12 }}>{e.anonymousId ?? translate('lockstep.none')}</TableCell>
              <TableCell sx={{ fontFamily: 'monospace', fontSize: 12 }}>{e.userId ?? translate('lockstep.none')}</TableCell>
              <TableCell sx={{ fontSize: 12, color: 'text.secondary' }}>{propertiesText(e.properties)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}
