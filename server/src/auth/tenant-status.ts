import type { Model } from 'mongoose';
import { coreError } from '../errors/app-error.ts';

/** Refuses the users and keys of a suspended tenant (login and every credential lookup use this one check). */
export async function assertTenantActive(tenants: Model<any>, tenantId: string): Promise<void> {
  const tenant = await tenants.findOne({ _id: tenantId }).select('status').lean<{ status?: string } | null>();
  if (tenant?.status === 'suspended') throw coreError('CORE_ERR_TENANT_SUSPENDED', [tenantId]);
}
