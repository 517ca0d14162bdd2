import type { RaRecord } from 'react-admin';

/** `GET /api/plugins/privacy/retention/policies`: one collection's retention (privacy/src/retention). */
export interface RetentionPolicy extends RaRecord<string> {
  collection: string;
  owner: string;
  model: string;
  dateFields: string[];
  declared: { field: string; days: number } | null;
  override: { field: string; days: number; enabled: boolean; updatedAt: string | null; updatedBy: string | null } | null;
  field: string | null;
  days: number | null;
  enabled: boolean;
  source: 'declared' | 'tenant' | 'disabled' | 'none';
  lastRun: { runId: string; at: string | null; deleted: number; more: boolean } | null;
}

export interface RetentionRun extends RaRecord<string> {
  trigger: 'schedule' | 'manual';
  status: 'queued' | 'running' | 'completed' | 'failed';
  requestedBy: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  deleted: number;
  results: { collection: string; field: string; days: number; cutoff: string; deleted: number; more: boolean }[];
  error: string | null;
}

export interface PolicyChange {
  field: string;
  days: number;
  enabled: boolean;
}
