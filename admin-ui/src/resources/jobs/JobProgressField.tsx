import { Box, LinearProgress, Typography } from '@mui/material';
import { useRecordContext } from 'react-admin';
import type { Job } from '../../types';
import { progressPercent } from './progressPercent';

/** Progress bar of a job; completed jobs read 100 %, jobs without a number show an indeterminate bar while active. */
export function JobProgressField() {
  const job = useRecordContext<Job>();
  if (!job) return null;
  const reported = progressPercent(job.progress);
  const percent = job.state === 'completed' ? 100 : reported;
  return (
    <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, minWidth: 120 }} data-testid={`job-progress-${job.id}`}>
      <LinearProgress
        sx={{ flex: 1, height: 6, borderRadius: 3 }}
        variant={percent === null && job.state === 'active' ? 'indeterminate' : 'determinate'}
        value={percent ?? 0}
        color={job.state === 'failed' ? 'error' : 'primary'}
      />
      <Typography variant="caption" sx={{ minWidth: 32, textAlign: 'right' }}>
        {percent === null ? '—' : `${percent}%`}
      </Typography>
    </Box>
  );
}
