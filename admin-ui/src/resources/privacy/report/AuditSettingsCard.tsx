import { useEffect, useState } from 'react';
import { Button, Card, CardContent, CardHeader, Stack, TextField } from '@mui/material';
import { useAbility } from '@casl/react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNotify, useTranslate } from 'react-admin';
import type { LockstepAbility } from '../../../auth/ability';
import { getAuditSettings, putAuditSettings } from './api';

const KEY = ['privacy', 'audit-settings'];
const valid = (n: number) => Number.isInteger(n) && n >= 1 && n <= 3650;

/** The thresholds the key-rotation check uses (days); editable with `configure PrivacyAudit`. */
export function AuditSettingsCard() {
  const translate = useTranslate();
  const t = (key: string, options?: object) => translate(`lockstep.privacy.audits.settings.${key}`, options);
  const notify = useNotify();
  const queryClient = useQueryClient();
  const ability = useAbility<LockstepAbility>();
  const canEdit = ability.can('configure', 'PrivacyAudit');
  const current = useQuery({ queryKey: KEY, queryFn: getAuditSettings });
  const [draft, setDraft] = useState({ keyMaxAgeDays: 90, masterKeyMaxAgeDays: 365 });
  useEffect(() => { if (current.data) setDraft({ keyMaxAgeDays: current.data.keyMaxAgeDays, masterKeyMaxAgeDays: current.data.masterKeyMaxAgeDays }); }, [current.data]);
  const save = useMutation({
    mutationFn: putAuditSettings,
    onSuccess: (s) => { queryClient.setQueryData(KEY, s); notify('lockstep.privacy.audits.settings.saved', { type: 'success' }); },
    onError: (error) => notify(error.message, { type: 'error' }),
  });
  const field = (key: keyof typeof draft) => (
    <TextField
      type="number" size="small" label={t(key)} sx={{ width: 300 }} value={Number.isNaN(draft[key]) ? '' : draft[key]} disabled={!canEdit}
      error={!valid(draft[key])} helperText={valid(draft[key]) ? t(`${key}_help`) : t('invalid')}
      onChange={(e) => setDraft({ ...draft, [key]: e.target.value === '' ? Number.NaN : Number(e.target.value) })}
      slotProps={{ htmlInput: { min: 1, max: 3650, step: 1, 'data-testid': `audit-settings-${key}` } }}
    />
  );
  if (current.error) return null;
  return (
    <Card variant="outlined">
      <CardHeader title={t('title')} titleTypographyProps={{ variant: 'subtitle1' }} />
      <CardContent>
        <Stack direction="row" spacing={2} useFlexGap component="form" sx={{ alignItems: 'flex-start', flexWrap: 'wrap' }} onSubmit={(e) => { e.preventDefault(); save.mutate(draft); }}>
          {field('keyMaxAgeDays')}
          {field('masterKeyMaxAgeDays')}
          {canEdit ? <Button type="submit" variant="outlined" disabled={save.isPending || !valid(draft.keyMaxAgeDays) || !valid(draft.masterKeyMaxAgeDays)} data-testid="audit-settings-save">{t('save')}</Button> : null}
        </Stack>
      </CardContent>
    </Card>
  );
}
