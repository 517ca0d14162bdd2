import { httpClient } from '../../../dataProvider/http';
import type { AuditReport, AuditSettings } from './types';

const BASE = '/api/plugins/privacy';

/** Runs every check now; answers the stored report. */
export async function runPrivacyAudit(): Promise<AuditReport> {
  const { json } = await httpClient(`${BASE}/audits`, { method: 'POST', body: '{}' });
  return json as AuditReport;
}

export async function getAuditSettings(): Promise<AuditSettings> {
  const { json } = await httpClient(`${BASE}/audit-settings`);
  return json as AuditSettings;
}

export async function putAuditSettings(settings: Pick<AuditSettings, 'keyMaxAgeDays' | 'masterKeyMaxAgeDays'>): Promise<AuditSettings> {
  const { json } = await httpClient(`${BASE}/audit-settings`, { method: 'PUT', body: JSON.stringify(settings) });
  return json as AuditSettings;
}
