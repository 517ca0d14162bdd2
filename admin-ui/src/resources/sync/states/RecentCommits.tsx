import { Chip, Table, TableBody, TableCell, TableHead, TableRow, Tooltip, Typography } from '@mui/material';
import { useLocale, useTranslate } from 'react-admin';
import { opKindsSummary, relativeTime } from '../format';
import type { SyncCommit } from '../types';

/** The newest commits of the person's op log: seq, when, which device, which op kinds. */
export function RecentCommits({ commits, now }: { commits: SyncCommit[]; now: number }) {
  const translate = useTranslate();
  const locale = useLocale();
  const t = (key: string) => translate(`lockstep.sync.commits.${key}`);
  if (!commits.length) return <Typography variant="body2" color="text.secondary" data-testid="sync-commits-empty">{t('none')}</Typography>;
  return (
    <Table size="small" data-testid="sync-commits">
      <TableHead>
        <TableRow>{['seq', 'at', 'device', 'ops'].map((c) => <TableCell key={c}>{t(`columns.${c}`)}</TableCell>)}</TableRow>
      </TableHead>
      <TableBody>
        {commits.map((c) => (
          <TableRow key={c.seq} data-testid={`sync-commit-${c.seq}`} data-device={c.deviceId ?? ''} data-merged={String(Boolean(c.merged))}>
            <TableCell>{c.seq}</TableCell>
            <TableCell><Tooltip title={new Date(c.at).toLocaleString()}><span>{relativeTime(c.at, now, locale)}</span></Tooltip></TableCell>
            <TableCell sx={{ fontFamily: 'monospace', fontSize: 12 }}>{c.deviceId ?? t('server')}</TableCell>
            <TableCell>
              {c.merged ? <Tooltip title={t('merged_help')}><Chip size="small" color="info" variant="outlined" label={t('merged')} sx={{ mr: 1 }} /></Tooltip> : null}
              <code>{opKindsSummary(c.ops ?? [])}</code>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
