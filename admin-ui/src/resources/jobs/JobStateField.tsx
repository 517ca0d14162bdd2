import { useRecordContext, type FieldProps } from 'react-admin';
import { StatusChip } from '../../components/StatusChip';
import type { Job } from '../../types';

export function JobStateField(_props: FieldProps) {
  const job = useRecordContext<Job>();
  return job ? <StatusChip status={job.state} testId="job-state" /> : null;
}
