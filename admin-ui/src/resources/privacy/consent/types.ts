/** Shapes of /api/plugins/privacy/consent (docs/privacy-consent.md). */
export type PurposeDefault = 'required' | 'opt-out' | 'opt-in';

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

export interface Rate { granted: number; denied: number; rate: number | null }

export interface ConsentStats {
  from: string;
  to: string;
  purposes: (Rate & { purpose: string; default: PurposeDefault })[];
  channels: (Rate & { channel: string; purpose: string })[];
  timeline: { day: string; purpose: string; granted: number; withdrawn: number }[];
  totals: { subjects: number; records: number; changes: number };
  truncated: boolean;
}

export interface PublishInput {
  text: string;
  title?: string;
  description?: string;
}
