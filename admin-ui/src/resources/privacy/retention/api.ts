import { httpClient } from '../../../dataProvider/http';
import type { PolicyChange, RetentionPolicy, RetentionRun } from './types';

const BASE = '/api/plugins/privacy/retention';

export async function putPolicy(collection: string, change: PolicyChange): Promise<RetentionPolicy> {
  const { json } = await httpClient(`${BASE}/policies/${encodeURIComponent(collection)}`, { method: 'PUT', body: JSON.stringify(change) });
  return json as RetentionPolicy;
}

/** Removes the tenant's override: the declared default applies again. */
export async function resetPolicy(collection: string): Promise<RetentionPolicy> {
  const { json } = await httpClient(`${BASE}/policies/${encodeURIComponent(collection)}`, { method: 'DELETE' });
  return json as RetentionPolicy;
}

export async function runRetentionNow(): Promise<RetentionRun> {
  const { json } = await httpClient(`${BASE}/runs`, { method: 'POST', body: '{}' });
  return json as RetentionRun;
}

export async function recentRuns(): Promise<RetentionRun[]> {
  const query = new URLSearchParams({ sort: JSON.stringify(['createdAt', 'DESC']), range: JSON.stringify([0, 9]) });
  const { json } = await httpClient(`${BASE}/runs?${query}`);
  return json as RetentionRun[];
}
