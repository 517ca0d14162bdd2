import { isSupportedCountry } from 'libphonenumber-js/max';
import { Type } from 'typebox';
import { Compile } from 'typebox/compile';
import { piiTextError } from './pii-text.errors.ts';
import { PII_ENTITY_TYPES, type PiiEntityType } from './types.ts';

export const DetectOptionsSchema = Type.Object(
  {
    /** Entity types to look for. @defaultValue every type in PII_ENTITY_TYPES */
    types: Type.Optional(Type.Array(Type.Union(PII_ENTITY_TYPES.map((t) => Type.Literal(t))), { minItems: 1, uniqueItems: true })),
    /** Spans scoring below this are dropped. @defaultValue 0.5 */
    minScore: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    /**
     * ISO 3166-1 alpha-2 regions whose national phone formats count without a `+` prefix (the tenant's markets);
     * international numbers (`+…`, `00…`) are always validated against the whole plan.
     * @defaultValue DEFAULT_PHONE_REGIONS
     */
    phoneRegions: Type.Optional(Type.Array(Type.String({ pattern: '^[A-Z]{2}$' }), { maxItems: 50, uniqueItems: true })),
    /** Merge same-type overlaps and keep the best span where types overlap. @defaultValue true */
    resolveOverlaps: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
/** Options of detect(); validated against DetectOptionsSchema. */
export interface DetectOptions {
  /** Entity types to look for. @defaultValue every type in PII_ENTITY_TYPES */
  types?: PiiEntityType[];
  /** Spans scoring below this are dropped. @defaultValue 0.5 */
  minScore?: number;
  /** Regions whose national phone formats count without `+` (ISO 3166-1 alpha-2). @defaultValue DEFAULT_PHONE_REGIONS */
  phoneRegions?: string[];
  /** Merge same-type overlaps and keep the best span where types overlap. @defaultValue true */
  resolveOverlaps?: boolean;
}

/** National phone formats accepted by default: North America, the UK and the largest EU markets. */
export const DEFAULT_PHONE_REGIONS: readonly string[] = Object.freeze(['US', 'CA', 'GB', 'DE', 'FR', 'ES', 'IT', 'NL']);
export const DEFAULT_MIN_SCORE = 0.5;

export interface ResolvedDetectOptions {
  types: ReadonlySet<PiiEntityType>;
  minScore: number;
  phoneRegions: readonly string[];
  resolveOverlaps: boolean;
}

const check = Compile(DetectOptionsSchema);
const cache = new WeakMap<object, ResolvedDetectOptions>();

/** Validates detection options (throws PRIVACY_ERR_PII_INVALID_OPTIONS naming the field) and fills in defaults. */
export function resolveDetectOptions(opts: DetectOptions | undefined): ResolvedDetectOptions {
  if (opts === undefined) return DEFAULTS;
  if (opts !== null && typeof opts === 'object') {
    const hit = cache.get(opts);
    if (hit) return hit;
  }
  if (!check.Check(opts)) {
    const first = check.Errors(opts)[0];
    throw piiTextError('PRIVACY_ERR_PII_INVALID_OPTIONS', [`${first?.instancePath || '(options)'} ${first?.message ?? 'is invalid'}`], { errors: check.Errors(opts).slice(0, 5) });
  }
  const unsupported = (opts.phoneRegions ?? []).filter((r) => !isSupportedCountry(r));
  if (unsupported.length) throw piiTextError('PRIVACY_ERR_PII_INVALID_OPTIONS', [`/phoneRegions has regions without a phone numbering plan: ${unsupported.join(', ')}`]);
  const resolved: ResolvedDetectOptions = {
    types: new Set(opts.types ?? PII_ENTITY_TYPES),
    minScore: opts.minScore ?? DEFAULT_MIN_SCORE,
    phoneRegions: opts.phoneRegions ?? DEFAULT_PHONE_REGIONS,
    resolveOverlaps: opts.resolveOverlaps ?? true,
  };
  cache.set(opts, resolved);
  return resolved;
}

const DEFAULTS: ResolvedDetectOptions = {
  types: new Set(PII_ENTITY_TYPES),
  minScore: DEFAULT_MIN_SCORE,
  phoneRegions: DEFAULT_PHONE_REGIONS,
  resolveOverlaps: true,
};
