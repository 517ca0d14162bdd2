import { Card, CardContent, CardHeader, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useTranslate } from 'react-admin';
import { StatusChip } from '../../../components/StatusChip';
import { recentRuns } from './api';

export const RUNS_KEY = ['privacy', 'retention', 'runs'];

/** The last ten retention runs (hourly and requested), refreshed while one is queued or running. */
export function RecentRuns() {
  const translate = useTranslate();
  const t = (key: string, options?: object) => translate(`lockstep.privacy.retention.${key}`, options);
  const runs = useQuery({
    queryKey: RUNS_KEY, queryFn: recentRuns,
    refetchInterval: (q) => (q.state.data?.some((r) => r.status === 'queued' || r.status === 'running') ? 1000 : 15_000),
  });
  return (
    <Card variant="outlined">
      <CardHeader title={t('runs_title')} titleTypographyProps={{ variant: 'subtitle1' }} />
      <CardContent sx={{ overflowX: 'auto' }}>
        {runs.data?.length ? (
          <Table size="small" data-testid="retention-runs">
            <TableHead><TableRow>{['created', 'trigger', 'status', 'deleted', 'collections'].map((c) => <TableCell key={c}>{t(`run_columns.${c}`)}</TableCell>)}</TableRow></TableHead>
            <TableBody>
              {runs.data.map((r) => (
                <TableRow key={r.id} data-testid={`retention-run-${r.id}`} data-status={r.status} data-deleted={r.deleted}>
                  <TableCell>{new Date(r.createdAt).toLocaleString()}</TableCell>
                  <TableCell>{t(`triggers.${r.trigger}`)}</TableCell>
                  <TableCell><StatusChip status={r.status} />{r.error ? <Typography variant="caption" color="error" display="block">{r.error}</Typography> : null}</TableCell>
                  <TableCell align="right">{r.deleted}</TableCell>
                  <TableCell><code style={{ fontSize: 12 }}>{r.results.filter((x) => x.deleted > 0).map((x) => `${x.collection}: ${x.deleted}${x.more ? '+' : ''}`).join(', ') || '—'}</code></TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        ) : <Typography variant="body2" color="text.secondary">{t('no_runs')}</Typography>}
      </CardContent>
    </Card>
  );
}
