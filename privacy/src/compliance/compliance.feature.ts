import type { PrivacyFeature } from '../plugin/feature.ts';
import { AuditReportSpec } from './audit-report.model.ts';
import { ComplianceSettingsSpec } from './compliance-settings.model.ts';
import { complianceRoutes } from './compliance.routes.ts';

/**
 * The compliance officer's console on the server side: the data inventory generated from declarations, and the
 * privacy audit (checks → stored report → JSON, HTML, PDF). Reading the audit log and verifying its chain are core
 * routes (/api/audit); the inventory reuses the core's `read DataInventory` right.
 */
export const complianceFeature: PrivacyFeature = {
  name: 'compliance',
  models: [AuditReportSpec, ComplianceSettingsSpec],
  permissions: [{
    subject: 'PrivacyAudit', actions: ['read', 'create', 'configure'],
    description: 'Privacy audit reports (run, read, download) and their thresholds',
    grants: { compliance_officer: ['read', 'create', 'configure'] },
  }],
  routes: complianceRoutes,
  resources: ['privacy/inventory', 'privacy/audits'],
};
