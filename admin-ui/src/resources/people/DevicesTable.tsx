import { Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { groupDevices } from './devices';
import type { Device } from './types';

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : null);

/**
 * A person's devices with channel and screen class: one row per device (an install's anonymousId and deviceId
 * together, see groupDevices); every raw identifier is in the identifiers table.
 */
export function DevicesTable({ devices }: { devices: Device[] }) {
  const translate = useTranslate();
  const none = translate('lockstep.none');
  const col = (key: string) => translate(`lockstep.people.devices.${key}`);
  if (!devices.length) return <Typography variant="body2" color="text.secondary" data-testid="person-devices-empty">{col('none')}</Typography>;
  return (
    <Table size="small" data-testid="person-devices">
      <TableHead>
        <TableRow>
          <TableCell>{col('device')}</TableCell>
          <TableCell>{col('channel')}</TableCell>
          <TableCell>{col('screen')}</TableCell>
          <TableCell>{col('os')}</TableCell>
          <TableCell>{col('firstSeenAt')}</TableCell>
          <TableCell>{col('lastSeenAt')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {groupDevices(devices).map((d) => {
          return (
            <TableRow key={d.key} data-testid={`device-row-${d.key}`} data-channel={d.channel ?? ''} data-screen={d.screen ?? ''} data-anonymous-id={d.anonymousId ?? ''} data-device-id={d.deviceId ?? ''}>
              <TableCell sx={{ fontFamily: 'monospace', fontSize: 12 }}>
                {d.anonymousId ? <div>{d.anonymousId}</div> : null}
                {d.deviceId ? <div style={{ opacity: 0.7 }}>{d.deviceId}</div> : null}
              </TableCell>
              <TableCell>{d.channel ?? none}</TableCell>
              <TableCell>{d.screen ?? none}</TableCell>
              <TableCell>{d.os ?? none}</TableCell>
              <TableCell>{when(d.firstSeenAt) ?? none}</TableCell>
              <TableCell>{when(d.lastSeenAt) ?? none}</TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
