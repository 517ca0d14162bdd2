/** Record shapes of docs/api-contract.md, as the console reads them. */
import type { ProductRecord } from '../../plugins/catalog/schemas/catalog.schema.ts';
import type { RaRecord } from 'react-admin';

export type Role = 'owner' | 'merchant' | 'analyst' | 'compliance_officer' | 'plugin_developer';

export interface User extends RaRecord<string> {
  email: string;
  name: string;
  role: Role;
  createdAt: string;
  lastLoginAt: string | null;
}

export interface Tenant extends RaRecord<string> {
  name: string;
  slug: string;
  status: string;
  createdAt: string;
}

export type ApiKeyKind = 'publishable' | 'secret';

export interface ApiKey extends RaRecord<string> {
  name: string;
  kind: ApiKeyKind;
  prefix: string;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
  /** Only in the answer to POST /api/api-keys: the full key, shown once. */
  key?: string;
}

export interface Plugin extends RaRecord<string> {
  name: string;
  version: string;
  description: string;
  status: 'active' | 'failed' | string;
  enabled: boolean;
  error: string | null;
  permissions: unknown[];
  queues: string[];
}

export type JobState = 'waiting' | 'active' | 'completed' | 'failed' | 'delayed' | 'paused' | 'prioritized' | 'waiting-children';

export interface Job extends RaRecord<string> {
  queue: string;
  name: string;
  state: JobState | string;
  progress: number | Record<string, unknown> | null;
  attemptsMade: number;
  failedReason: string | null;
  data: unknown;
  returnvalue: unknown;
  createdAt: string | number | null;
  processedAt: string | number | null;
  finishedAt: string | number | null;
  logs?: string[];
}

export interface QueueCounts {
  waiting: number;
  active: number;
  completed: number;
  failed: number;
  delayed: number;
  paused: number;
}

export interface Queue extends RaRecord<string> {
  name: string;
  plugin: string | null;
  counts: QueueCounts;
  workers: number;
}

/** The catalog plugin's own record type (plugins/catalog/schemas), so console and API cannot drift apart. */
export interface Product extends RaRecord<string>, Omit<ProductRecord, 'id'> {}

export interface Channel extends RaRecord<string> {
  key: string;
  name: string;
  kind: string;
}

export interface CatalogImport extends RaRecord<string> {
  status: string;
  total: number;
  processed: number;
  failed: number;
  jobId: string | null;
  createdAt: string;
}

export interface CheckStatus {
  status: string;
  latencyMs?: number;
}

export interface WorkerInfo {
  id: string;
  host: string;
  pid: number;
  capabilities: string[];
  queues: string[];
  tfBackend: string | null;
  lastSeen: string | number;
}

export interface Health {
  status: 'ok' | 'degraded' | string;
  checks: {
    store: CheckStatus;
    redis: CheckStatus;
    workers: CheckStatus & { count: number; workers: WorkerInfo[] };
  };
  plugins: Array<{ name: string; status: string }>;
}
