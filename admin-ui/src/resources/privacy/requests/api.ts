import { httpClient } from '../../../dataProvider/http';
import type { PrivacyRequest } from './types';

export const REQUESTS = 'privacy/requests';
const BASE = '/api/plugins/privacy/requests';

export async function retryRequest(id: string): Promise<PrivacyRequest> {
  const { json } = await httpClient(`${BASE}/${encodeURIComponent(id)}/retry`, { method: 'POST', body: '{}' });
  return json as PrivacyRequest;
}

/** Fetches the archive (the download is audited server-side) and hands it to the browser as a file. */
export async function downloadExport(id: string): Promise<void> {
  const response = await fetch(`${BASE}/${encodeURIComponent(id)}/export`, { credentials: 'include' });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { message?: string } | null;
    throw new Error(body?.message ?? `download failed (${response.status})`);
  }
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = `privacy-export-${id}.zip`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
