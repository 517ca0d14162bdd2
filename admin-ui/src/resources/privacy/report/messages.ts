/** Strings of privacy audits (`lockstep.privacy.audits.*`, resource `privacy/audits`). */
export const reportEn = {
  lockstep: {
    privacy: {
      audits: {
        run: 'Run privacy audit',
        done: 'Privacy audit done: %{smart_count} finding |||| Privacy audit done: %{smart_count} findings',
        html: 'HTML',
        pdf: 'PDF',
        ran: 'Run',
        checks_title: 'Checks',
        passed: 'passed',
        not_run: 'could not run',
        findings_count: '%{smart_count} finding |||| %{smart_count} findings',
        no_findings: 'No findings: every check passed.',
        severity: { high: 'High', medium: 'Medium', low: 'Low', info: 'Info' },
        columns: { severity: 'Severity', finding: 'Finding', detail: 'Detail', fix: 'Fix' },
        checks: {
          encryption: 'Encryption at rest', purposes: 'Declared purposes', retention: 'Retention', requests: 'Data-subject requests', keys: 'Key rotation',
          'audit-chain': 'Audit log chain',
        },
        settings: {
          title: 'Audit thresholds',
          keyMaxAgeDays: 'Tenant data key: max age (days)',
          keyMaxAgeDays_help: 'An older key is a finding (default 90)',
          masterKeyMaxAgeDays: 'Master key: max age (days)',
          masterKeyMaxAgeDays_help: 'An older master key is a finding (default 365)',
          invalid: 'A whole number from 1 to 3650',
          save: 'Save thresholds',
          saved: 'Audit thresholds saved',
        },
      },
    },
  },
  resources: { 'privacy/audits': { name: 'Privacy audit |||| Privacy audits', fields: { ranAt: 'Run at', actor: 'Run by', summary: 'Findings', links: 'Report' } } },
};
