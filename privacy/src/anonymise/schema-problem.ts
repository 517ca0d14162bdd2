import type { TSchema } from 'typebox';
import type { Validator } from 'typebox/compile';

const depth = (path: string) => (path ? path.split('/').length : 0);

/**
 * The most useful single error of a value against a compiled schema, as "where what" (`levels.0.width must be > 0`),
 * or null when the value is valid. Prefers the deepest error (inside a union, the variant that got furthest) and
 * words unknown and missing properties plainly.
 */
export function schemaProblem(validator: Validator<any, TSchema>, value: unknown, root = '(root)'): string | null {
  if (validator.Check(value)) return null;
  const errors = validator.Errors(value).filter((e) => e.keyword !== 'boolean' && e.keyword !== 'anyOf');
  errors.sort((a, b) => depth(b.instancePath) - depth(a.instancePath));
  const e = errors[0];
  if (!e) return `${root} is invalid`;
  const where = e.instancePath ? e.instancePath.slice(1).replace(/\//g, '.') : root;
  const params = e.params as { additionalProperties?: string[]; requiredProperties?: string[] };
  if (e.keyword === 'additionalProperties' && params.additionalProperties) return `${where} has unknown property ${params.additionalProperties.map((p) => `"${p}"`).join(', ')}`;
  if (e.keyword === 'const') {
    const allowed = errors.filter((x) => x.keyword === 'const' && x.instancePath === e.instancePath).map((x) => JSON.stringify((x.params as { allowedValue?: unknown }).allowedValue));
    return `${where} must be one of ${allowed.join(', ')}`;
  }
  if (e.keyword === 'required' && params.requiredProperties) return `${where} is missing ${params.requiredProperties.map((p) => `"${p}"`).join(', ')}`;
  return `${where} ${e.message}`;
}
