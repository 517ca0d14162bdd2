import { Box, Chip, Table, TableBody, TableCell, TableHead, TableRow, Tooltip, Typography } from '@mui/material';
import { useLocale, useTranslate } from 'react-admin';
import { relativeTime, seqLag, sortDevices, syncStatus, type SyncStatus } from '../format';
import type { SyncDevice } from '../types';

const STATUS_COLOR: Record<SyncStatus, 'success' | 'error' | 'default'> = { in_sync: 'success', diverged: 'error', unknown: 'default' };
const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : null);

function OnlineDot({ online }: { online: boolean }) {
  const translate = useTranslate();
  return (
    <Tooltip title={translate(`lockstep.sync.devices.${online ? 'online' : 'offline'}`)}>
      <Box
        component="span"
        data-testid="sync-device-online"
        aria-label={translate(`lockstep.sync.devices.${online ? 'online' : 'offline'}`)}
        sx={{ display: 'inline-block', width: 10, height: 10, borderRadius: '50%', bgcolor: online ? 'success.main' : 'action.disabled', verticalAlign: 'middle' }}
      />
    </Tooltip>
  );
}

/** A sync state's devices: connection, how far each has applied the log, and the last digest check. */
export function DevicesTable({ devices, seq, now }: { devices: SyncDevice[]; seq: number; now: number }) {
  const translate = useTranslate();
  const locale = useLocale();
  const t = (key: string, options?: object) => translate(`lockstep.sync.devices.${key}`, options);
  const none = translate('lockstep.none');
  if (!devices.length) return <Typography variant="body2" color="text.secondary" data-testid="sync-devices-empty">{t('none')}</Typography>;
  const columns = ['device', 'channel', 'transport', 'instance', 'connectedAt', 'lastSeenAt', 'seen', 'status', 'lastOp'];
  return (
    <Table size="small" data-testid="sync-devices">
      <TableHead>
        <TableRow>
          <TableCell padding="checkbox" />
          {columns.map((c) => <TableCell key={c}>{t(`columns.${c}`)}</TableCell>)}
        </TableRow>
      </TableHead>
      <TableBody>
        {sortDevices(devices).map((d) => {
          const status = syncStatus(d);
          const lag = seqLag(d.seenSeq, seq);
          return (
            <TableRow key={d.deviceId} data-testid={`sync-device-row-${d.deviceId}`} data-online={String(d.online)} data-status={status} data-channel={d.channel ?? ''}>
              <TableCell padding="checkbox" align="center"><OnlineDot online={d.online} /></TableCell>
              <TableCell sx={{ fontFamily: 'monospace', fontSize: 12 }}>{d.deviceId}</TableCell>
              <TableCell>{d.channel ?? none}</TableCell>
              <TableCell>{d.online && d.transport ? <Chip size="small" variant="outlined" label={d.transport} /> : (d.transport ?? none)}</TableCell>
              <TableCell sx={{ fontFamily: 'monospace', fontSize: 12 }}>{d.instance ?? none}</TableCell>
              <TableCell>{d.online ? (when(d.connectedAt) ?? none) : none}</TableCell>
              <TableCell><Tooltip title={when(d.lastSeenAt) ?? ''}><span>{relativeTime(d.lastSeenAt, now, locale)}</span></Tooltip></TableCell>
              <TableCell data-testid="sync-device-seen">
                {d.seenSeq ?? none} / {seq}
                {lag ? <Chip size="small" color="warning" variant="outlined" sx={{ ml: 1 }} label={t('behind', { count: lag })} /> : null}
              </TableCell>
              <TableCell>
                <Tooltip title={`${t(`status_help.${status}`)}${d.lastDigestAt ? ` · ${when(d.lastDigestAt)}` : ''}`}>
                  <Chip size="small" color={STATUS_COLOR[status]} label={t(`status.${status}`)} data-testid="sync-device-status" />
                </Tooltip>
              </TableCell>
              <TableCell>
                {d.lastOp ? (
                  <Tooltip title={`${d.lastOp.opId} · ${when(d.lastOp.at)}`}>
                    <span><code>{d.lastOp.kind}</code> · {relativeTime(d.lastOp.at, now, locale)}</span>
                  </Tooltip>
                ) : none}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
