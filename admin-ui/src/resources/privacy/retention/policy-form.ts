import type { PolicyChange, RetentionPolicy } from './types';

/** The form's starting values: what is in force, else the declared default, else the first date field. */
export function initialChange(p: RetentionPolicy): PolicyChange {
  return {
    field: p.override?.field ?? p.field ?? p.declared?.field ?? p.dateFields[0] ?? 'createdAt',
    days: p.override?.days ?? p.days ?? p.declared?.days ?? 365,
    enabled: p.override ? p.override.enabled : true,
  };
}

/** Error key of an invalid change, or null (the server checks again). */
export function changeError(c: PolicyChange, p: RetentionPolicy): 'days' | 'field' | null {
  if (!Number.isInteger(c.days) || c.days < 0 || c.days > 36_500) return 'days';
  if (!p.dateFields.includes(c.field)) return 'field';
  return null;
}
