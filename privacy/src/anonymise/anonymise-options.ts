import { Type, type Static } from 'typebox';
import { Compile } from 'typebox/compile';
import { anonymiseError } from './errors.ts';
import { schemaProblem } from './schema-problem.ts';

export const AnonymiseOptionsSchema = Type.Object({
  /** Attributes an attacker may know from elsewhere (age, sex, postcode …); each needs a hierarchy. */
  quasiIdentifiers: Type.Array(Type.String({ minLength: 1 }), { minItems: 1 }),
  /** Hierarchy definitions keyed by attribute (see hierarchy.schema.ts); extra entries are ignored. */
  hierarchies: Type.Record(Type.String(), Type.Unknown()),
  /** Every released equivalence class holds at least k records. */
  k: Type.Integer({ minimum: 1 }),
  /** Distinct l-diversity: every released class holds at least l distinct values of `sensitive`. */
  l: Type.Optional(Type.Integer({ minimum: 1 })),
  /** The sensitive attribute l-diversity applies to (required with `l`); kept as is in the output. */
  sensitive: Type.Optional(Type.String({ minLength: 1 })),
  /** Largest share of records that may be suppressed, 0 … 1 (0.01 = 1 %). */
  maxSuppression: Type.Number({ minimum: 0, maximum: 1 }),
  /** What happens to suppressed records: removed from the output, or kept with every quasi-identifier `*`. @defaultValue 'drop' */
  suppressed: Type.Optional(Type.Union([Type.Literal('drop'), Type.Literal('mask')])),
  /** Prosecutor-risk threshold for `metrics.risk.atRiskShare` (records whose 1/|class| exceeds it). @defaultValue 0.2 */
  riskThreshold: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1 })),
  /** Stop after checking this many lattice nodes and return the best found (`search.optimal` false). @defaultValue 1000000 */
  maxNodesChecked: Type.Optional(Type.Integer({ minimum: 1 })),
}, { additionalProperties: false });

export type AnonymiseOptions = Static<typeof AnonymiseOptionsSchema>;

const checker = Compile(AnonymiseOptionsSchema);

/** Checks the options' shape and how they fit together; throws PRIVACY_ERR_ANON_INVALID_OPTIONS. */
export function validateAnonymiseOptions(options: unknown): AnonymiseOptions {
  const bad = (why: string) => anonymiseError('PRIVACY_ERR_ANON_INVALID_OPTIONS', [why]);
  const problem = schemaProblem(checker, options, 'options');
  if (problem) throw bad(problem);
  const o = options as AnonymiseOptions;
  const qis = o.quasiIdentifiers;
  const dup = qis.find((q, i) => qis.indexOf(q) !== i);
  if (dup) throw bad(`quasiIdentifiers lists "${dup}" twice`);
  const missing = qis.filter((q) => !(q in o.hierarchies));
  if (missing.length) throw bad(`no hierarchy for quasi-identifier(s) ${missing.map((m) => `"${m}"`).join(', ')}`);
  if (o.l !== undefined && o.sensitive === undefined) throw bad('l-diversity (l) needs a sensitive attribute (sensitive)');
  if (o.sensitive !== undefined && qis.includes(o.sensitive)) throw bad(`"${o.sensitive}" cannot be both a quasi-identifier and the sensitive attribute`);
  return o;
}
