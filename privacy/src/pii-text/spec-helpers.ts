import { detect } from './detect.ts';
import type { DetectOptions } from './detect-options.ts';
import type { PiiEntityType } from './types.ts';

/** The texts detect() reports for one type (test helper). */
export function found(text: string, type: PiiEntityType, opts: DetectOptions = {}): string[] {
  return detect(text, { ...opts, types: [type] }).map((s) => text.slice(s.start, s.end));
}
