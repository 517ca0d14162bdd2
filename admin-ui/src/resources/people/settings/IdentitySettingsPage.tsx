import { useEffect, useState } from 'react';
import {
  Alert, Box, Button, Chip, FormControlLabel, IconButton, List, ListItem,
  ListItemText, Stack, Switch, TextField, Typography,
} from '@mui/material';
import ArrowUpwardIcon from '@mui/icons-material/ArrowUpward';
import ArrowDownwardIcon from '@mui/icons-material/ArrowDownward';
import { useAbility } from '@casl/react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useDataProvider, useNotify, useTranslate } from 'react-admin';
import type { LockstepAbility } from '../../../auth/ability';
import { SettingsCard, SettingsSaveButton } from '../../../components/SettingsCard';
import type { LockstepDataProvider } from '../../../dataProvider';
import { kindKey } from '../split';
import type { IdentitySettings } from '../types';
import { addBlocked, movePriority, rulesFrom, validateRules } from './rules';

const QUERY_KEY = ['plugins', 'identity', 'settings'];

/**
 * The identity plugin's merge rules for this tenant (docs/identity.md), saved with `PUT /api/plugins/identity
 * {settings}`. Users who may not update plugins see the rules read-only.
 */
export function IdentitySettingsPage() {
  const translate = useTranslate();
  const notify = useNotify();
  const dataProvider = useDataProvider<LockstepDataProvider>();
  const queryClient = useQueryClient();
  const ability = useAbility<LockstepAbility>();
  const canEdit = ability.can('update', 'Plugin') || ability.can('update', 'IdentityRules');
  const current = useQuery({ queryKey: QUERY_KEY, queryFn: () => dataProvider.getIdentitySettings() });
  const [rules, setRules] = useState<IdentitySettings | null>(null);
  const [newValue, setNewValue] = useState('');
  useEffect(() => {
    if (current.data) setRules(rulesFrom(current.data.settings));
  }, [current.data]);
  const save = useMutation({
    mutationFn: (settings: IdentitySettings) => dataProvider.putIdentitySettings(settings),
    onSuccess: (settings) => {
      notify('lockstep.identity_settings.saved', { type: 'success' });
      queryClient.setQueryData(QUERY_KEY, { ...current.data, settings });
    },
    onError: (error) => notify(error.message, { type: 'error' }),
  });
  const t = (key: string, options?: object) => translate(`lockstep.identity_settings.${key}`, options);

  const body = () => {
    if (current.error) return <Alert severity="warning" data-testid="identity-settings-unavailable">{t('unavailable')} ({current.error.message})</Alert>;
    if (!rules) return null;
    const errors = validateRules(rules);
    const set = (change: Partial<IdentitySettings>) => setRules({ ...rules, ...change });
    const number = (key: 'maxAnonymousIdsPerPerson' | 'maxDeviceIdsPerPerson') => (
      <TextField
        type="number"
        size="small"
        label={t(key)}
        helperText={errors[key] ? t('errors.positive_integer') : t(`${key}_help`)}
        error={Boolean(errors[key])}
        value={Number.isNaN(rules[key]) ? '' : rules[key]}
        disabled={!canEdit}
        onChange={(e) => set({ [key]: e.target.value === '' ? Number.NaN : Number(e.target.value) })}
        slotProps={{ htmlInput: { min: 1, step: 1, 'data-testid': `identity-${key}` } }}
        sx={{ maxWidth: 360 }}
      />
    );
    return (
      <Stack spacing={3} component="form" onSubmit={(e) => { e.preventDefault(); save.mutate(rules); }}>
        {!canEdit ? <Alert severity="info" data-testid="identity-settings-read-only">{t('read_only')}</Alert> : null}
        <Alert severity="info" variant="outlined">{t('never_merge_user_ids')}</Alert>
        <Box>
          <Typography variant="subtitle2">{t('blockedValues')}</Typography>
          <Typography variant="caption" color="text.secondary">{t('blockedValues_help')}</Typography>
          <Stack direction="row" spacing={0.5} sx={{ flexWrap: 'wrap', rowGap: 0.5, my: 1 }} data-testid="identity-blocked-values">
            {rules.blockedValues.map((v) => (
              <Chip
                key={v || '(empty)'}
                size="small"
                label={v === '' ? t('empty_value') : v}
                data-testid={`identity-blocked-${v}`}
                onDelete={canEdit ? () => set({ blockedValues: rules.blockedValues.filter((x) => x !== v) }) : undefined}
              />
            ))}
          </Stack>
          {canEdit ? (
            <Stack direction="row" spacing={1}>
              <TextField
                size="small"
                label={t('add_value')}
                value={newValue}
                onChange={(e) => setNewValue(e.target.value)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') {
                    e.preventDefault();
                    if (newValue.trim()) set({ blockedValues: addBlocked(rules.blockedValues, newValue) });
                    setNewValue('');
                  }
                }}
                slotProps={{ htmlInput: { maxLength: 100, 'data-testid': 'identity-blocked-input' } }}
              />
              <Button
                size="small"
                data-testid="identity-blocked-add"
                disabled={!newValue.trim()}
                onClick={() => { set({ blockedValues: addBlocked(rules.blockedValues, newValue) }); setNewValue(''); }}
              >
                {t('add')}
              </Button>
            </Stack>
          ) : null}
        </Box>
        {number('maxAnonymousIdsPerPerson')}
        {number('maxDeviceIdsPerPerson')}
        <Box>
          <Typography variant="subtitle2">{t('identifierPriority')}</Typography>
          <Typography variant="caption" color="text.secondary">{t('identifierPriority_help')}</Typography>
          <List dense sx={{ maxWidth: 420 }} data-testid="identity-priority">
            {rules.identifierPriority.map((kind, i) => (
              <ListItem
                key={kind}
                data-testid={`identity-priority-${kind}`}
                secondaryAction={canEdit ? (
                  <>
                    <IconButton size="small" aria-label={t('move_up')} disabled={i === 0} onClick={() => set({ identifierPriority: movePriority(rules.identifierPriority, i, -1) })} data-testid={`identity-priority-up-${kind}`}><ArrowUpwardIcon fontSize="small" /></IconButton>
                    <IconButton size="small" aria-label={t('move_down')} disabled={i === rules.identifierPriority.length - 1} onClick={() => set({ identifierPriority: movePriority(rules.identifierPriority, i, 1) })} data-testid={`identity-priority-down-${kind}`}><ArrowDownwardIcon fontSize="small" /></IconButton>
                  </>
                ) : null}
              >
                <ListItemText primary={`${i + 1}. ${translate(`lockstep.people.kinds.${kindKey(kind)}`, { _: kind })}`} secondary={kind} />
              </ListItem>
            ))}
          </List>
        </Box>
        <Box>
          <FormControlLabel
            control={<Switch checked={rules.mergeOnEmail} disabled={!canEdit} onChange={(e) => set({ mergeOnEmail: e.target.checked })} slotProps={{ input: { ...({ 'data-testid': 'identity-merge-on-email' } as object) } }} />}
            label={t('mergeOnEmail')}
          />
          <Typography variant="caption" color="text.secondary" component="div">{t('mergeOnEmail_help')}</Typography>
        </Box>
        <SettingsSaveButton canEdit={canEdit} disabled={save.isPending || Object.keys(errors).length > 0} testId="identity-settings-save" />
      </Stack>
    );
  };

  return (
    <SettingsCard testId="identity-settings" pageTitle="lockstep.identity_settings.title" title={t('title')} subheader={t('subtitle')} busy={current.isPending || save.isPending}>
      {body()}
    </SettingsCard>
  );
}
