import { httpClient } from '../../../dataProvider/http';
import type { VerifyResult } from './types';

/** Walks the tenant's audit chain on the server and reports the first break. */
export async function verifyAuditChain(): Promise<VerifyResult> {
  const { json } = await httpClient('/api/audit/verify', { method: 'POST' });
  return json as VerifyResult;
}
