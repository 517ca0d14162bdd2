import type { Job } from '../../types';

/**
 * BullMQ progress is whatever the processor reported: a number (0–100) or an object. Objects are read as
 * `{percent}` / `{percentage}` / `{processed, total}`; anything else counts as unknown (null).
 */
export function progressPercent(progress: Job['progress']): number | null {
  if (typeof progress === 'number' && Number.isFinite(progress)) return clamp(progress);
  if (progress && typeof progress === 'object') {
    const { percent, percentage, processed, total } = progress as Record<string, unknown>;
    if (typeof percent === 'number') return clamp(percent);
    if (typeof percentage === 'number') return clamp(percentage);
    if (typeof processed === 'number' && typeof total === 'number' && total > 0) return clamp((processed / total) * 100);
  }
  return null;
}

function clamp(value: number): number {
  return Math.max(0, Math.min(100, Math.round(value)));
}
