import { accessibleBy } from '@casl/mongoose';
import type { FastifyRequest } from 'fastify';
import { coreError } from '../errors/app-error.ts';

/**
 * The filter every tenant-scoped query starts from: the request's tenant AND what the principal's CASL rules
 * allow for this action (`accessibleBy`). Cross-tenant reads are impossible through it: another tenant's
 * record is simply not found (404), never returned.
 */
export function scopedFilter(request: FastifyRequest, action: string, subject: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const p = request.principal;
  if (!p) throw coreError('CORE_ERR_UNAUTHENTICATED', ['log in first']);
  const allowed = accessibleBy(request.ability, action).ofType(subject) as Record<string, unknown>;
  return { tenantId: p.tenantId, $and: [allowed, extra] };
}

export function tenantOf(request: FastifyRequest): string {
  if (!request.principal) throw coreError('CORE_ERR_UNAUTHENTICATED', ['log in first']);
  return request.principal.tenantId;
}
