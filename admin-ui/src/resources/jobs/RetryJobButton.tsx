import ReplayIcon from '@mui/icons-material/Replay';
import { useAbility } from '@casl/react';
import { useMutation } from '@tanstack/react-query';
import { Button, useDataProvider, useNotify, useRecordContext, useRefresh } from 'react-admin';
import type { LockstepAbility } from '../../auth/ability';
import type { LockstepDataProvider } from '../../dataProvider';
import type { Job } from '../../types';

/** Retries a failed job (`POST /api/jobs/:id/retry`); only for failed jobs and users who may `retry` Job. */
export function RetryJobButton() {
  const job = useRecordContext<Job>();
  const ability = useAbility<LockstepAbility>();
  const dataProvider = useDataProvider<LockstepDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const { mutate, isPending } = useMutation({
    mutationFn: (id: Job['id']) => dataProvider.retryJob(id),
    onSuccess: () => {
      notify('lockstep.jobs.retried', { type: 'success' });
      refresh();
    },
    onError: (error) => notify(error.message, { type: 'error' }),
  });
  if (!job || job.state !== 'failed' || !ability.can('retry', 'Job')) return null;
  return (
    <Button label="lockstep.jobs.retry" data-testid="job-retry" disabled={isPending} onClick={() => mutate(job.id)}>
      <ReplayIcon />
    </Button>
  );
}
