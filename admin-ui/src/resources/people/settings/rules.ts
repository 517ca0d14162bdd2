import type { IdentitySettings } from '../types';

/** The defaults of docs/identity.md, used when the plugin answers without a value. */
export const DEFAULT_RULES: IdentitySettings = {
  blockedValues: ['', '0', 'null', 'undefined', 'anonymous', 'guest', 'unknown', 'none', 'n/a', 'test'],
  maxAnonymousIdsPerPerson: 50,
  maxDeviceIdsPerPerson: 50,
  identifierPriority: ['user_id', 'email_hash', 'external', 'device_id', 'anonymous_id'],
  mergeOnEmail: false,
};

/** The rules the form edits: the plugin's settings over the defaults, the priority completed with any missing kind. */
export function rulesFrom(settings: Partial<IdentitySettings> | null | undefined): IdentitySettings {
  const merged = { ...DEFAULT_RULES, ...(settings ?? {}) };
  const priority = [...merged.identifierPriority];
  for (const kind of DEFAULT_RULES.identifierPriority) if (!priority.includes(kind)) priority.push(kind);
  return { ...merged, blockedValues: [...merged.blockedValues], identifierPriority: priority };
}

/** Adds a blocked value (kept once, compared case-insensitively as the plugin does). */
export function addBlocked(values: string[], value: string): string[] {
  const v = value.trim();
  return values.some((x) => x.toLowerCase() === v.toLowerCase()) ? values : [...values, v];
}

/** Moves a priority entry one place up (-1) or down (+1). */
export function movePriority(priority: string[], index: number, by: -1 | 1): string[] {
  const to = index + by;
  if (to < 0 || to >= priority.length) return priority;
  const next = [...priority];
  [next[index], next[to]] = [next[to], next[index]];
  return next;
}

export type RuleErrors = Partial<Record<'maxAnonymousIdsPerPerson' | 'maxDeviceIdsPerPerson', 'positive_integer'>>;

/** Client-side checks before saving (the server validates against the plugin's schema too). */
export function validateRules(rules: IdentitySettings): RuleErrors {
  const errors: RuleErrors = {};
  for (const key of ['maxAnonymousIdsPerPerson', 'maxDeviceIdsPerPerson'] as const) {
    const n = rules[key];
    if (!Number.isInteger(n) || n < 1) errors[key] = 'positive_integer';
  }
  return errors;
}
