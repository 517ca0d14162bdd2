/** `GET /api/plugins/privacy/keys` (privacy/src/encryption/keys.routes.ts). */
export interface RotationProgress {
  phase: 'rotate' | 'rewrap' | 'reencrypt' | 'done';
  model: string | null;
  modelIndex: number;
  models: number;
  personKeys: number;
  documents: number;
  scanned: number;
  percent: number;
}

export interface Rotation {
  jobId: string;
  state: string;
  progress: RotationProgress | number;
  attemptsMade: number;
  failedReason: string | null;
  result: { keyId: string; documents: number; personKeys: number } | null;
  createdAt: string | null;
  finishedAt: string | null;
}

export interface KeyStatus {
  provider: string;
  masterKeyId: string;
  tenantKeys: { id: string; kind: string; version: number; status: string; wrappedBy: string; createdAt: string }[];
  personKeys: { active: number; shredded: number };
  currentDataKeyAgeDays: number | null;
  rotations: Rotation[];
}
