export { anonymise, type AnonymiseResult, type ChosenNode } from './anonymise.ts';
export { AnonymiseOptionsSchema, validateAnonymiseOptions, type AnonymiseOptions } from './anonymise-options.ts';
export { assessRisk } from './assess-risk.ts';
export { CENSUS_HIERARCHIES } from './census-hierarchies.ts';
export { AnonymiseErrors, anonymiseError, type AnonymiseErrorCode } from './errors.ts';
export { compileHierarchies, compileHierarchy } from './hierarchy.ts';
export { HierarchyDefinition, IntervalHierarchy, TreeHierarchy } from './hierarchy.schema.ts';
export type { AnonymisationMetrics } from './metrics.ts';
export type { ProsecutorRisk } from './risk.ts';
