/** Free-text PII detection and redaction (issue 4, "Pseudonymisation and anonymisation"). */
export { detect, DETECTORS } from './detect.ts';
export { DEFAULT_PHONE_REGIONS, DEFAULT_MIN_SCORE, DetectOptionsSchema, type DetectOptions } from './detect-options.ts';
export { anonymize, anonymizeAsync, type AnonymizeResult, type AnonymizedItem } from './anonymize.ts';
export { OperatorSchema, OperatorPolicySchema, type AnonymizeOptions, type OperatorPolicy, type PiiOperator, type EncryptFn, type EncryptAsyncFn } from './operators.ts';
export { reidentify, reidentifyAsync, type DecryptFn, type DecryptAsyncFn } from './reidentify.ts';
export { resolveOverlaps } from './overlap.ts';
export { PII_ENTITY_TYPES, type PiiEntityType, type PiiSpan, type PiiDetector } from './types.ts';
export { PiiTextErrors, type PiiTextErrorCode } from './pii-text.errors.ts';
