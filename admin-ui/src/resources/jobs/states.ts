import type { JobState } from '../../types';

export const JOB_STATES: readonly JobState[] = ['waiting', 'active', 'completed', 'failed', 'delayed', 'paused', 'prioritized', 'waiting-children'];

export const JOB_STATE_CHOICES = JOB_STATES.map((state) => ({ id: state, name: `lockstep.status.${state}` }));
