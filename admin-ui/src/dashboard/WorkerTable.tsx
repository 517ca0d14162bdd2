import { Chip, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import type { WorkerInfo } from '../types';

/** Workers that heartbeated recently: where they run, what they can do and which TF.js backend they use. */
export function WorkerTable({ workers }: { workers: WorkerInfo[] }) {
  const translate = useTranslate();
  if (workers.length === 0) {
    return (
      <Typography variant="body2" color="text.secondary" data-testid="workers-none">
        {translate('lockstep.dashboard.health.no_workers')}
      </Typography>
    );
  }
  return (
    <Table size="small" data-testid="workers-table">
      <TableHead>
        <TableRow>
          <TableCell>{translate('lockstep.dashboard.health.worker')}</TableCell>
          <TableCell>{translate('lockstep.dashboard.health.capabilities')}</TableCell>
          <TableCell>{translate('lockstep.dashboard.health.tf_backend')}</TableCell>
          <TableCell>{translate('lockstep.dashboard.health.queues')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {workers.map((worker) => (
          <TableRow key={worker.id}>
            <TableCell>
              {worker.host}:{worker.pid}
            </TableCell>
            <TableCell>
              {(worker.capabilities ?? []).map((capability) => (
                <Chip key={capability} label={capability} size="small" variant="outlined" sx={{ mr: 0.5 }} />
              ))}
            </TableCell>
            <TableCell data-testid="worker-tf-backend">{worker.tfBackend ?? '—'}</TableCell>
            <TableCell>{(worker.queues ?? []).join(', ')}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
