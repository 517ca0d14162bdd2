/** Strings of retention policies (`lockstep.privacy.retention.*`, resource `privacy/retention/policies`). */
export const retentionEn = {
  lockstep: {
    privacy: {
      retention: {
        run_now: 'Run now',
        queued: 'Retention run queued',
        policy: '%{days} days after %{field}',
        kept: 'kept until erased',
        last_run: '%{deleted} deleted · %{at}',
        sources: { declared: 'declared default', tenant: 'tenant policy', disabled: 'switched off', none: 'no policy' },
        edit_title: 'Retention of %{collection}',
        declared: 'Declared default: %{days} days after %{field}.',
        declared_none: 'No declared default: documents are kept until erased.',
        field: 'Date field',
        days: 'Days',
        days_help: 'Documents are deleted this many days after the date field',
        days_invalid: 'A whole number from 0 to 36500',
        enabled: 'Policy on',
        reset: 'Reset to default',
        saved: 'Retention of %{collection} saved',
        reset_done: 'Retention of %{collection} reset to its default',
        runs_title: 'Recent runs',
        no_runs: 'No run yet: the job runs hourly.',
        triggers: { schedule: 'hourly', manual: 'requested' },
        run_columns: { created: 'Created', trigger: 'Trigger', status: 'Status', deleted: 'Deleted', collections: 'Collections' },
      },
    },
  },
  resources: {
    'privacy/retention/policies': {
      name: 'Retention |||| Retention',
      fields: { collection: 'Collection', owner: 'Owner', policy: 'Policy', source: 'Source', lastRun: 'Last run', edit: '' },
    },
  },
};
