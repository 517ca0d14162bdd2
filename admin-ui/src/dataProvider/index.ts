import type { DataProvider, Identifier } from 'react-admin';
import type { ApiKey, Health, Job } from '../types';
import { httpClient } from './http';
import { recordUrl } from './paths';
import { restProvider } from './rest';

/** The REST provider plus the few calls that are not CRUD. */
export interface LockstepDataProvider extends DataProvider {
  /** GET /health; a 503 (degraded) still carries the report, so it resolves too. */
  getHealth(): Promise<Health>;
  /** POST /api/jobs/:id/retry */
  retryJob(id: Identifier): Promise<Job>;
  /** DELETE /api/api-keys/:id, which revokes the key and answers the record with `revokedAt` set. */
  revokeApiKey(id: Identifier): Promise<ApiKey>;
}

export const dataProvider: LockstepDataProvider = {
  ...restProvider,

  async getHealth() {
    const response = await fetch('/health', { credentials: 'include', headers: { Accept: 'application/json' } });
    if (response.status !== 200 && response.status !== 503) {
      throw new Error(`GET /health answered ${response.status}`);
    }
    return (await response.json()) as Health;
  },

  async retryJob(id) {
    const { json } = await httpClient(`${recordUrl('jobs', id)}/retry`, { method: 'POST' });
    return json as Job;
  },

  async revokeApiKey(id) {
    const { json } = await httpClient(recordUrl('api-keys', id), { method: 'DELETE' });
    return json as ApiKey;
  },
};
