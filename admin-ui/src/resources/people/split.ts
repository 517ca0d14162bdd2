import type { Identifier } from './types';

/** The `kind:value` form the split call takes (docs/identity.md). */
export function identifierKey(identifier: Pick<Identifier, 'kind' | 'value'>): string {
  return `${identifier.kind}:${identifier.value}`;
}

/** Why the selected identifiers cannot be split off, or null when they can: something must move and something must stay. */
export function splitProblem(selected: ReadonlySet<string>, identifiers: Pick<Identifier, 'kind' | 'value'>[]): 'none_selected' | 'all_selected' | null {
  const keys = new Set(identifiers.map(identifierKey));
  const moving = [...selected].filter((k) => keys.has(k));
  if (!moving.length) return 'none_selected';
  if (moving.length >= keys.size) return 'all_selected';
  return null;
}

/** The kind's translation key: `external:<ns>` kinds share one label. */
export function kindKey(kind: string): string {
  return kind.startsWith('external:') ? 'external' : kind;
}
