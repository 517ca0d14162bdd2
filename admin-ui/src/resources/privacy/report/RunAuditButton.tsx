import { Button, CircularProgress } from '@mui/material';
import PlayArrowIcon from '@mui/icons-material/PlayArrow';
import { useAbility } from '@casl/react';
import { useMutation } from '@tanstack/react-query';
import { useNotify, useRedirect, useRefresh, useTranslate } from 'react-admin';
import type { LockstepAbility } from '../../../auth/ability';
import { runPrivacyAudit } from './api';

/** "Run privacy audit": runs every check on the server, then opens the new report. */
export function RunAuditButton() {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const redirect = useRedirect();
  const ability = useAbility<LockstepAbility>();
  const run = useMutation({
    mutationFn: runPrivacyAudit,
    onSuccess: (report) => {
      notify('lockstep.privacy.audits.done', { type: 'success', messageArgs: { smart_count: report.summary.total } });
      refresh();
      redirect('show', 'privacy/audits', report.id);
    },
    onError: (error) => notify(error.message, { type: 'error' }),
  });
  if (!ability.can('create', 'PrivacyAudit')) return null;
  return (
    <Button variant="contained" size="small" onClick={() => run.mutate()} disabled={run.isPending} data-testid="run-privacy-audit" startIcon={run.isPending ? <CircularProgress size={14} color="inherit" /> : <PlayArrowIcon />}>
      {translate('lockstep.privacy.audits.run')}
    </Button>
  );
}
