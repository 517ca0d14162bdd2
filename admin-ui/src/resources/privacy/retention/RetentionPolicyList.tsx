import { useState } from 'react';
import { Box, Button, Chip, type ChipProps } from '@mui/material';
import EditIcon from '@mui/icons-material/Edit';
import PlayArrowIcon from '@mui/icons-material/PlayArrow';
import { useAbility } from '@casl/react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { DataTable, List, SelectInput, TopToolbar, useNotify, useTranslate } from 'react-admin';
import type { LockstepAbility } from '../../../auth/ability';
import { runRetentionNow } from './api';
import { PolicyDialog } from './PolicyDialog';
import { RUNS_KEY, RecentRuns } from './RecentRuns';
import type { RetentionPolicy } from './types';

const Column = DataTable.Col<RetentionPolicy>;
const SOURCE_COLOR: Record<RetentionPolicy['source'], ChipProps['color']> = { declared: 'default', tenant: 'primary', disabled: 'warning', none: 'default' };

function RunNowButton() {
  const translate = useTranslate();
  const notify = useNotify();
  const queryClient = useQueryClient();
  const ability = useAbility<LockstepAbility>();
  const run = useMutation({
    mutationFn: runRetentionNow,
    onSuccess: () => { notify('lockstep.privacy.retention.queued', { type: 'info' }); void queryClient.invalidateQueries({ queryKey: RUNS_KEY }); },
    onError: (error) => notify(error.message, { type: 'error' }),
  });
  if (!ability.can('run', 'RetentionPolicy')) return null;
  return <Button size="small" variant="contained" startIcon={<PlayArrowIcon />} onClick={() => run.mutate()} disabled={run.isPending} data-testid="retention-run-now">{translate('lockstep.privacy.retention.run_now')}</Button>;
}

function useFilters() {
  const translate = useTranslate();
  return [<SelectInput key="source" source="source" alwaysOn choices={(['declared', 'tenant', 'disabled', 'none'] as const).map((s) => ({ id: s, name: translate(`lockstep.privacy.retention.sources.${s}`) }))} translateChoice={false} />];
}

/**
 * Retention per collection: the declared default, this tenant's override and the policy in force, with the last
 * run's deletions. Officers edit a policy in a dialog and run retention now; the hourly job does the rest.
 */
export function RetentionPolicyList() {
  const translate = useTranslate();
  const t = (key: string, options?: object) => translate(`lockstep.privacy.retention.${key}`, options);
  const ability = useAbility<LockstepAbility>();
  const canEdit = ability.can('update', 'RetentionPolicy');
  const [editing, setEditing] = useState<RetentionPolicy | null>(null);
  const filters = useFilters();
  return (
    <Box>
      <List sort={{ field: 'collection', order: 'ASC' }} perPage={100} pagination={false} empty={false} filters={filters} actions={<TopToolbar><RunNowButton /></TopToolbar>} exporter={false}>
        <DataTable bulkActionButtons={false} rowClick={false}>
          <Column source="collection" render={(p) => <code data-testid={`retention-row-${p.collection}`} data-source={p.source} data-days={p.days ?? ''}>{p.collection}</code>} />
          <Column source="owner" />
          <Column source="policy" disableSort render={(p) => (p.enabled ? t('policy', { days: p.days, field: p.field }) : t('kept'))} />
          <Column source="source" render={(p) => <Chip size="small" color={SOURCE_COLOR[p.source]} variant={p.source === 'none' ? 'outlined' : 'filled'} label={t(`sources.${p.source}`)} />} />
          <Column source="lastRun" disableSort render={(p) => (p.lastRun ? t('last_run', { deleted: p.lastRun.deleted, at: p.lastRun.at ? new Date(p.lastRun.at).toLocaleString() : '—' }) : '—')} />
          {canEdit ? <Column source="edit" label="" disableSort render={(p) => <Button size="small" startIcon={<EditIcon />} onClick={() => setEditing(p)} data-testid={`retention-edit-${p.collection}`}>{translate('ra.action.edit')}</Button>} /> : null}
        </DataTable>
      </List>
      <Box sx={{ mt: 2 }}><RecentRuns /></Box>
      {editing ? <PolicyDialog policy={editing} onClose={() => setEditing(null)} /> : null}
    </Box>
  );
}
