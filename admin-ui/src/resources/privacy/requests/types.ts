/** A data-subject request as `/api/plugins/privacy/requests` answers it (docs/privacy-requests.md). */
export type RequestKind = 'access' | 'erasure' | 'rectification';
export type RequestStatus = 'received' | 'running' | 'waiting' | 'failed' | 'completed';
export type SubjectKind = 'userId' | 'anonymousId' | 'email' | 'personId';

export const REQUEST_KINDS: RequestKind[] = ['access', 'erasure', 'rectification'];
export const REQUEST_STATUSES: RequestStatus[] = ['received', 'running', 'waiting', 'failed', 'completed'];
export const SUBJECT_KINDS: SubjectKind[] = ['userId', 'anonymousId', 'email', 'personId'];
export const CORRECTABLE = ['email', 'name', 'phone', 'address'] as const;

export interface RequestStep {
  key: string;
  status: 'done' | 'failed' | 'skipped';
  attempts: number;
  error: string | null;
  result: Record<string, unknown>;
  deleted: number;
  at: string | null;
}

export interface PrivacyRequest {
  id: string;
  kind: RequestKind;
  status: RequestStatus;
  overdue: boolean;
  subject: { kind: SubjectKind; value: string | null; digest: string };
  personId: string | null;
  otherPersonIds: string[];
  identifiers: Record<string, string[]>;
  corrections: Record<string, unknown> | null;
  correctedFields: string[];
  note: string | null;
  requestedBy: { kind: string; id: string };
  receivedAt: string;
  dueAt: string;
  startedAt: string | null;
  completedAt: string | null;
  reminders: { kind: 'approaching' | 'overdue'; at: string }[];
  steps: RequestStep[];
  lastError: string | null;
  findings: { collection: string; path: string; count: number; via: string }[];
  attempts: number;
  runs: number;
  export: { available: boolean; expired: boolean; files: string[]; bytes: number; sha256: string; generatedAt: string | null; expiresAt: string | null; downloads: number } | null;
  receipt: Record<string, unknown> | null;
  receiptHash: string | null;
}
