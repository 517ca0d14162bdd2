import { httpClient } from '../../../dataProvider/http';
import type { ConsentStats, PublishInput, PurposeVersion, PurposeView } from './types';

const BASE = '/api/plugins/privacy/consent';

export async function getConsentStats(days: number): Promise<ConsentStats> {
  return (await httpClient(`${BASE}/stats?days=${days}`)).json as ConsentStats;
}

export async function getPurposes(): Promise<PurposeView[]> {
  return (await httpClient(`${BASE}/purposes`)).json as PurposeView[];
}

export async function getPurposeVersions(purpose: string): Promise<PurposeVersion[]> {
  return ((await httpClient(`${BASE}/purposes/${encodeURIComponent(purpose)}`)).json as { history: PurposeVersion[] }).history;
}

export async function publishText(purpose: string, input: PublishInput): Promise<PurposeVersion> {
  return (await httpClient(`${BASE}/purposes/${encodeURIComponent(purpose)}/versions`, { method: 'POST', body: JSON.stringify(input) })).json as PurposeVersion;
}
