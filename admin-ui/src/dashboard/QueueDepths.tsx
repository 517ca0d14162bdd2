import { Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import type { Queue, QueueCounts } from '../types';
import { QueueDepthChart } from './QueueDepthChart';
import { Widget } from './Widget';

const COLUMNS: (keyof QueueCounts)[] = ['waiting', 'active', 'delayed', 'failed', 'completed'];

interface QueueDepthsProps {
  queues?: Queue[];
  isPending: boolean;
  error?: unknown;
}

/** Job counts of every queue, as a table and a small bar chart. */
export function QueueDepths({ queues, isPending, error }: QueueDepthsProps) {
  const translate = useTranslate();
  return (
    <Widget title="lockstep.dashboard.queues.title" testId="dashboard-queues" isPending={isPending} error={error}>
      {queues && queues.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          {translate('lockstep.dashboard.queues.none')}
        </Typography>
      ) : null}
      {queues && queues.length > 0 ? (
        <>
          <Table size="small">
            <TableHead>
              <TableRow>
                <TableCell>{translate('lockstep.dashboard.queues.queue')}</TableCell>
                {COLUMNS.map((column) => (
                  <TableCell key={column} align="right">
                    {translate(`lockstep.status.${column}`)}
                  </TableCell>
                ))}
                <TableCell align="right">{translate('lockstep.dashboard.queues.workers')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {queues.map((queue) => (
                <TableRow key={queue.id} data-testid={`queue-row-${queue.name}`}>
                  <TableCell>{queue.name}</TableCell>
                  {COLUMNS.map((column) => (
                    <TableCell key={column} align="right" data-testid={`queue-${queue.name}-${column}`}>
                      {queue.counts?.[column] ?? 0}
                    </TableCell>
                  ))}
                  <TableCell align="right">{queue.workers ?? 0}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <QueueDepthChart queues={queues} />
        </>
      ) : null}
    </Widget>
  );
}
