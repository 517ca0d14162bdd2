import type { ChipProps } from '@mui/material';
import type { PrivacyRequest, RequestStatus } from './types';

/** Chip colour per status: an open request that needs a person (waiting on a failed hook, failed) stands out. */
export const STATUS_COLORS: Record<RequestStatus, ChipProps['color']> = {
  received: 'default',
  running: 'info',
  waiting: 'warning',
  failed: 'error',
  completed: 'success',
};

const DAY = 86_400_000;

/** How close the deadline is: `overdue` (passed, still open), `soon` (within `soonDays`), or `ok`. */
export function deadlineState(r: Pick<PrivacyRequest, 'status' | 'dueAt'>, now = Date.now(), soonDays = 7): 'overdue' | 'soon' | 'ok' {
  if (r.status === 'completed') return 'ok';
  const left = new Date(r.dueAt).getTime() - now;
  if (left < 0) return 'overdue';
  return left < soonDays * DAY ? 'soon' : 'ok';
}

/** Days left until the deadline (started days count, positive), or whole days since it passed (negative, at least 1). */
export function daysLeft(dueAt: string, now = Date.now()): number {
  const ms = new Date(dueAt).getTime() - now;
  return ms >= 0 ? Math.ceil(ms / DAY) : -Math.max(1, Math.floor(-ms / DAY));
}

export const canRetry = (r: Pick<PrivacyRequest, 'status'>): boolean => r.status === 'waiting' || r.status === 'failed';
