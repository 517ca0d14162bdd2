import { Alert, LinearProgress, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useDataProvider, useTranslate } from 'react-admin';
import type { LockstepDataProvider } from '../../dataProvider';
import { propertiesText } from '../events/liveBuffer';

/** The person's latest events (identity plugin → core events API). */
export function PersonEvents({ personId }: { personId: string }) {
  const translate = useTranslate();
  const dataProvider = useDataProvider<LockstepDataProvider>();
  const events = useQuery({ queryKey: ['identity/persons', personId, 'events'], queryFn: () => dataProvider.getPersonEvents(personId, 50) });
  const col = (key: string) => translate(`lockstep.events.columns.${key}`);
  if (events.isPending) return <LinearProgress />;
  if (events.error) return <Alert severity="error">{events.error.message}</Alert>;
  if (!events.data?.length) return <Typography variant="body2" color="text.secondary">{translate('lockstep.people.no_events')}</Typography>;
  return (
    <Table size="small" data-testid="person-events">
      <TableHead>
        <TableRow>
          <TableCell>{col('time')}</TableCell>
          <TableCell>{col('type')}</TableCell>
          <TableCell>{col('channel')}</TableCell>
          <TableCell>{col('anonymousId')}</TableCell>
          <TableCell>{col('properties')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {events.data.map((e) => (
          <TableRow key={e.eventId} data-testid={`person-event-${e.eventId}`}>
            <TableCell sx={{ whiteSpace: 'nowrap' }}>{new Date(e.receivedAt).toLocaleString()}</TableCell>
            <TableCell><code>{e.type}</code></TableCell>
            <TableCell>{e.channel}</TableCell>
            <TableCell sx={{ fontFamily: 'monospace', fontSize: 12 }}>{e.anonymousId ?? translate('lockstep.none')}</TableCell>
            <TableCell sx={{ fontSize: 12, color: 'text.secondary' }}>{propertiesText(e.properties ?? {})}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
