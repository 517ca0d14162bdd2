import type { DataProvider, Identifier } from 'react-admin';
import type { ApiKey, Health, Job } from '../types';
import { httpClient } from './http';
import { recordUrl } from './paths';
import { restProvider } from './rest';
import { getEventVolume } from './events';
import * as identity from './identity';

/** The REST provider plus the few calls that are not CRUD. */
export interface LockstepDataProvider extends DataProvider {
  /** GET /health; a 503 (degraded) still carries the report, so it resolves too. */
  getHealth(): Promise<Health>;
  /** POST /api/jobs/:id/retry */
  retryJob(id: Identifier): Promise<Job>;
  /** DELETE /api/api-keys/:id, which revokes the key and answers the record with `revokedAt` set. */
  revokeApiKey(id: Identifier): Promise<ApiKey>;
  /** GET /api/events/volume */
  getEventVolume: typeof getEventVolume;
  // The identity plugin's person calls and settings (docs/identity.md). Flat: react-admin's proxy wraps methods only.
  getPerson: typeof identity.getPerson;
  getPersonMerges: typeof identity.getPersonMerges;
  getPersonEvents: typeof identity.getPersonEvents;
  splitPerson: typeof identity.splitPerson;
  getIdentitySettings: typeof identity.getIdentitySettings;
  putIdentitySettings: typeof identity.putIdentitySettings;
}

export const dataProvider: LockstepDataProvider = {
  ...restProvider,
  getEventVolume,
  getPerson: identity.getPerson,
  getPersonMerges: identity.getPersonMerges,
  getPersonEvents: identity.getPersonEvents,
  splitPerson: identity.splitPerson,
  getIdentitySettings: identity.getIdentitySettings,
  putIdentitySettings: identity.putIdentitySettings,

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
