import { Box } from '@mui/material';
import { useRecordContext, useTranslate, type FieldProps } from 'react-admin';
import type { Job } from '../../types';

/** The job's log lines (`GET /api/jobs/:id` adds `logs`). */
export function JobLogsField(_props: FieldProps) {
  const job = useRecordContext<Job>();
  const translate = useTranslate();
  const logs = job?.logs ?? [];
  if (logs.length === 0) return <span>{translate('lockstep.jobs.no_logs')}</span>;
  return (
    <Box
      component="pre"
      data-testid="job-logs"
      sx={{ m: 0, p: 1, bgcolor: 'grey.900', color: 'grey.100', borderRadius: 1, fontSize: 12, overflow: 'auto', maxHeight: 320 }}
    >
      {logs.join('\n')}
    </Box>
  );
}
