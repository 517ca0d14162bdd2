import { anonymiseError } from './errors.ts';
import type { Generaliser } from './generaliser.ts';
import { compileIntervalHierarchy } from './interval-hierarchy.ts';
import { compileTreeHierarchy } from './tree-hierarchy.ts';

/**
 * Validates one hierarchy definition (plain data, e.g. from a tenant's settings or a plugin) and compiles it.
 * Throws PRIVACY_ERR_ANON_INVALID_HIERARCHY naming the attribute and what is wrong.
 */
export function compileHierarchy(attribute: string, definition: unknown): Generaliser {
  const kind = definition !== null && typeof definition === 'object' ? (definition as { kind?: unknown }).kind : undefined;
  if (kind === 'interval') return compileIntervalHierarchy(attribute, definition);
  if (kind === 'tree') return compileTreeHierarchy(attribute, definition);
  throw anonymiseError('PRIVACY_ERR_ANON_INVALID_HIERARCHY', [attribute, `kind must be "interval" or "tree" (got ${JSON.stringify(kind) ?? 'nothing'})`]);
}

/** Validates a whole set of definitions keyed by attribute; returns the compiled ones. */
export function compileHierarchies(definitions: Record<string, unknown>): Map<string, Generaliser> {
  return new Map(Object.entries(definitions).map(([attribute, def]) => [attribute, compileHierarchy(attribute, def)]));
}
