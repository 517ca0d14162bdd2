import { useState } from 'react';
import { Button, Dialog, DialogActions, DialogContent, DialogTitle, FormControlLabel, MenuItem, Stack, Switch, TextField, Typography } from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import { useNotify, useRefresh, useTranslate } from 'react-admin';
import { putPolicy, resetPolicy } from './api';
import { changeError, initialChange } from './policy-form';
import type { PolicyChange, RetentionPolicy } from './types';

/** Edit one collection's retention for this tenant (date field, days, on/off), or reset it to the declared default. */
export function PolicyDialog({ policy, onClose }: { policy: RetentionPolicy; onClose: () => void }) {
  const translate = useTranslate();
  const t = (key: string, options?: object) => translate(`lockstep.privacy.retention.${key}`, options);
  const notify = useNotify();
  const refresh = useRefresh();
  const [change, setChange] = useState<PolicyChange>(() => initialChange(policy));
  const error = changeError(change, policy);
  const done = (message: string) => () => { notify(message, { type: 'success', messageArgs: { collection: policy.collection } }); refresh(); onClose(); };
  const failed = (e: Error) => notify(e.message, { type: 'error' });
  const save = useMutation({ mutationFn: () => putPolicy(policy.collection, change), onSuccess: done('lockstep.privacy.retention.saved'), onError: failed });
  const reset = useMutation({ mutationFn: () => resetPolicy(policy.collection), onSuccess: done('lockstep.privacy.retention.reset_done'), onError: failed });
  return (
    <Dialog open onClose={onClose} maxWidth="xs" fullWidth data-testid="retention-dialog">
      <DialogTitle>{t('edit_title', { collection: policy.collection })}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ mt: 1 }}>
          <Typography variant="body2" color="text.secondary">
            {policy.declared ? t('declared', { days: policy.declared.days, field: policy.declared.field }) : t('declared_none')}
          </Typography>
          <TextField select size="small" label={t('field')} value={change.field} onChange={(e) => setChange({ ...change, field: e.target.value })} disabled={!change.enabled}
            slotProps={{ htmlInput: { 'data-testid': 'retention-field' } }}>
            {policy.dateFields.map((f) => <MenuItem key={f} value={f}>{f}</MenuItem>)}
          </TextField>
          <TextField type="number" size="small" label={t('days')} value={Number.isNaN(change.days) ? '' : change.days} disabled={!change.enabled}
            error={error === 'days'} helperText={error === 'days' ? t('days_invalid') : t('days_help')}
            onChange={(e) => setChange({ ...change, days: e.target.value === '' ? Number.NaN : Number(e.target.value) })}
            slotProps={{ htmlInput: { min: 0, max: 36500, step: 1, 'data-testid': 'retention-days' } }} />
          <FormControlLabel control={<Switch checked={change.enabled} onChange={(e) => setChange({ ...change, enabled: e.target.checked })} data-testid="retention-enabled" />} label={t('enabled')} />
        </Stack>
      </DialogContent>
      <DialogActions>
        {policy.override ? <Button color="warning" onClick={() => reset.mutate()} disabled={reset.isPending} data-testid="retention-reset">{t('reset')}</Button> : null}
        <Button onClick={onClose}>{translate('ra.action.cancel')}</Button>
        <Button variant="contained" onClick={() => save.mutate()} disabled={Boolean(error) || save.isPending} data-testid="retention-save">{translate('ra.action.save')}</Button>
      </DialogActions>
    </Dialog>
  );
}
