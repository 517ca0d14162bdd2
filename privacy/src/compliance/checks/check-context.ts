import type { Connection } from 'mongoose';
import type { PluginContext } from '../../../../server/src/core/plugin-contract.ts';
import type { RetentionPolicyView } from '../../retention/retention-targets.ts';
import type { ComplianceSettings } from '../compliance-settings.model.ts';
import type { AuditCheckId, Finding } from '../finding.ts';
import type { DataInventory } from '../inventory.ts';

/** What every check of a privacy audit reads: the tenant, the declarations, the store, the thresholds. */
export interface CheckContext {
  ctx: PluginContext;
  tenantId: string;
  now: Date;
  inventory: DataInventory;
  retention: RetentionPolicyView[];
  settings: ComplianceSettings;
  /** Raw driver access by collection name (other features' and plugins' collections, which may not exist). */
  db: Connection;
}

export interface AuditCheck {
  id: AuditCheckId;
  run(c: CheckContext): Promise<Finding[]>;
}

export const DAY_MS = 86_400_000;
export const daysBetween = (from: Date, to: Date) => Math.floor((to.getTime() - from.getTime()) / DAY_MS);
