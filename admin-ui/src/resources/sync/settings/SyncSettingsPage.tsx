import { useEffect, useState } from 'react';
import {
  Alert, AlertTitle, Box, FormControl, FormControlLabel, FormHelperText, FormLabel,
  Radio, RadioGroup, Stack, Switch, TextField, Typography,
} from '@mui/material';
import { useAbility } from '@casl/react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNotify, useTranslate } from 'react-admin';
import type { LockstepAbility } from '../../../auth/ability';
import { SettingsCard, SettingsSaveButton } from '../../../components/SettingsCard';
import { getSyncPlugin, putSyncSettings, type SyncPluginRecord } from '../api';
import { LIMITS, NUMBER_SETTINGS, serverErrors, settingsFrom, validateSettings, type NumberSetting, type ServerErrors } from '../settingsForm';
import { CART_POLICIES, type SyncSettings } from '../types';

const QUERY_KEY = ['plugins', 'sync', 'settings'];
const S = 'lockstep.sync.settings';

type Form = SyncSettings & Record<string, unknown>;

/**
 * The sync plugin's merge policy and limits for this tenant, saved with `PUT /api/plugins/sync {settings}` (the core
 * validates them against the plugin's schema). Editing needs `update SyncSettings` (or `update Plugin`); others read.
 */
export function SyncSettingsPage() {
  const translate = useTranslate();
  const t = (key: string, options?: object) => translate(`${S}.${key}`, options);
  const notify = useNotify();
  const queryClient = useQueryClient();
  const ability = useAbility<LockstepAbility>();
  const canEdit = ability.can('update', 'SyncSettings') || ability.can('update', 'Plugin');
  const current = useQuery({ queryKey: QUERY_KEY, queryFn: getSyncPlugin });
  const [form, setForm] = useState<Form | null>(null);
  const [refused, setRefused] = useState<ServerErrors | null>(null);
  useEffect(() => {
    if (current.data) setForm(settingsFrom(current.data.settings));
  }, [current.data]);
  const save = useMutation({
    mutationFn: (settings: Form) => putSyncSettings(settings),
    onSuccess: (record: SyncPluginRecord) => {
      setRefused(null);
      notify(`${S}.saved`, { type: 'success' });
      queryClient.setQueryData(QUERY_KEY, record);
    },
    onError: (error) => setRefused(serverErrors(error)),
  });

  const body = () => {
    if (current.error) return <Alert severity="warning" data-testid="sync-settings-unavailable">{t('unavailable')} ({current.error.message})</Alert>;
    if (!form) return null;
    const errors = validateSettings(form);
    const set = (change: Partial<Form>) => {
      setForm({ ...form, ...change });
      // A field the server refused is cleared of its message once edited.
      if (refused && Object.keys(change).some((k) => k in refused.fields)) {
        setRefused({ ...refused, fields: Object.fromEntries(Object.entries(refused.fields).filter(([k]) => !(k in change))) });
      }
    };
    const number = (key: NumberSetting) => {
      const serverMessage = refused?.fields[key];
      const invalid = Boolean(errors[key]) || Boolean(serverMessage);
      return (
        <TextField
          key={key}
          type="number"
          size="small"
          label={t(key)}
          error={invalid}
          helperText={serverMessage ?? (errors[key] ? t('range', LIMITS[key]) : t(`${key}_help`))}
          value={Number.isNaN(form[key]) ? '' : form[key]}
          disabled={!canEdit}
          onChange={(e) => set({ [key]: e.target.value === '' ? Number.NaN : Number(e.target.value) })}
          slotProps={{ htmlInput: { min: LIMITS[key].min, max: LIMITS[key].max, step: 1, 'data-testid': `sync-settings-${key}` } }}
          sx={{ maxWidth: 420 }}
        />
      );
    };
    const others = Object.entries(refused?.fields ?? {}).filter(([k]) => !(NUMBER_SETTINGS as readonly string[]).includes(k));
    return (
      <Stack spacing={3} component="form" onSubmit={(e) => { e.preventDefault(); setRefused(null); save.mutate(form); }}>
        {!canEdit ? <Alert severity="info" data-testid="sync-settings-read-only">{t('read_only')}</Alert> : null}
        {refused ? (
          <Alert severity="error" data-testid="sync-settings-error" data-code={refused.code ?? ''}>
            <AlertTitle>{t('refused')}</AlertTitle>
            {refused.message}
            {others.length ? <Box component="ul" sx={{ m: 0, pl: 2 }}>{others.map(([k, m]) => <li key={k}><code>{k || 'settings'}</code>: {m}</li>)}</Box> : null}
          </Alert>
        ) : null}
        <FormControl disabled={!canEdit} error={Boolean(refused?.fields.anonymousCartPolicy)}>
          <FormLabel id="sync-policy-label">{t('anonymousCartPolicy')}</FormLabel>
          <Typography variant="caption" color="text.secondary">{t('anonymousCartPolicy_help')}</Typography>
          <RadioGroup
            aria-labelledby="sync-policy-label"
            value={form.anonymousCartPolicy}
            onChange={(e) => set({ anonymousCartPolicy: e.target.value as SyncSettings['anonymousCartPolicy'] })}
            data-testid="sync-settings-policy"
          >
            {CART_POLICIES.map((p) => (
              <FormControlLabel
                key={p}
                value={p}
                sx={{ alignItems: 'flex-start', mt: 1 }}
                control={<Radio size="small" sx={{ pt: 0.25 }} slotProps={{ input: { ...({ 'data-testid': `sync-settings-policy-${p}` } as object) } }} />}
                label={(
                  <Box>
                    <Typography variant="body2" sx={{ fontWeight: 500 }}>{t(`policies.${p}`)} <Typography component="span" variant="caption" color="text.secondary"><code>{p}</code></Typography></Typography>
                    <Typography variant="caption" color="text.secondary">{t(`policies.${p}_help`)}</Typography>
                  </Box>
                )}
              />
            ))}
          </RadioGroup>
          {refused?.fields.anonymousCartPolicy ? <FormHelperText>{refused.fields.anonymousCartPolicy}</FormHelperText> : null}
        </FormControl>
        {NUMBER_SETTINGS.map(number)}
        <Box>
          <FormControlLabel
            control={(
              <Switch
                checked={form.userIdNeedsSecretKey}
                disabled={!canEdit}
                onChange={(e) => set({ userIdNeedsSecretKey: e.target.checked })}
                slotProps={{ input: { ...({ 'data-testid': 'sync-settings-userIdNeedsSecretKey' } as object) } }}
              />
            )}
            label={t('userIdNeedsSecretKey')}
          />
          <Typography variant="caption" color={refused?.fields.userIdNeedsSecretKey ? 'error' : 'text.secondary'} component="div">
            {refused?.fields.userIdNeedsSecretKey ?? t('userIdNeedsSecretKey_help')}
          </Typography>
        </Box>
        <SettingsSaveButton canEdit={canEdit} disabled={save.isPending || Object.keys(errors).length > 0} testId="sync-settings-save" />
      </Stack>
    );
  };

  return (
    <SettingsCard testId="sync-settings" pageTitle={`${S}.title`} title={t('title')} subheader={t('subtitle')} busy={current.isPending || save.isPending}>
      {body()}
    </SettingsCard>
  );
}
