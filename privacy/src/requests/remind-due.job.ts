import type { JobProcessor } from '../../../server/src/core/plugin-contract.ts';
import { remindDue } from './reminders.ts';

/** `privacy-requests` / `remind-due`: scheduled hourly for every tenant (tenantId '*'), or run for one tenant. */
const remindDueJob: JobProcessor<Record<string, never>> = async (job, { plugin }) => remindDue(plugin, job.data.tenantId);

export default remindDueJob;
