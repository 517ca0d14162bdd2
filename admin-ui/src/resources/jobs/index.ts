import WorkIcon from '@mui/icons-material/WorkHistory';
import type { Job } from '../../types';
import { JobList } from './JobList';
import { JobShow } from './JobShow';

export default {
  list: JobList,
  show: JobShow,
  icon: WorkIcon,
  recordRepresentation: (job: Job) => `${job.queue} · ${job.name}`,
};
