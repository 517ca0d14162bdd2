/** Shapes of /api/plugins/privacy/consent (docs/privacy-consent.md): the server's types where they are JSON-safe. */
import type { PurposeDefault } from '../../../../../privacy/src/consent/purposes.ts';

export type { PurposeDefault };
export type { ConsentStats, Rate } from '../../../../../privacy/src/consent/consent-stats.ts';
export type { PublishInput } from '../../../../../privacy/src/consent/purpose-catalog.ts';

/** PurposeVersion as JSON (dates as ISO strings). */
export interface PurposeVersion {
  purpose: string;
  version: number;
  title: string;
  description: string;
  text: string;
  textHash: string;
  publishedAt: string | null;
  publishedBy: string | null;
  builtin: boolean;
}

export interface PurposeView {
  id: string;
  purpose: string;
  source: 'base' | 'plugin';
  plugins: string[];
  default: PurposeDefault;
  versions: number;
  current: PurposeVersion;
}
