import { Switch, Tooltip } from '@mui/material';
import { useNotify, useRecordContext, useTranslate, useUpdate } from 'react-admin';
import type { Plugin } from '../../types';

/** Enables or disables a plugin for the tenant (`PUT /api/plugins/:name {enabled}`). */
export function PluginToggle() {
  const record = useRecordContext<Plugin>();
  const translate = useTranslate();
  const notify = useNotify();
  const [update, { isPending }] = useUpdate<Plugin>();
  if (!record) return null;
  const enabled = record.enabled !== false;
  const label = translate(enabled ? 'lockstep.plugins.disable' : 'lockstep.plugins.enable', { name: record.name });

  const toggle = () =>
    update(
      'plugins',
      { id: record.id, data: { enabled: !enabled }, previousData: record },
      {
        mutationMode: 'pessimistic',
        onSuccess: (plugin) =>
          notify(plugin.enabled ? 'lockstep.plugins.enabled' : 'lockstep.plugins.disabled', {
            messageArgs: { name: record.name },
            type: 'success',
          }),
        onError: (error) => notify(error instanceof Error ? error.message : String(error), { type: 'error' }),
      },
    );

  return (
    <Tooltip title={label}>
      <Switch
        checked={enabled}
        disabled={isPending || record.status === 'failed'}
        onClick={(event) => event.stopPropagation()}
        onChange={toggle}
        slotProps={{ input: { 'aria-label': label, ...({ 'data-testid': `plugin-toggle-${record.name}` } as object) } }}
      />
    </Tooltip>
  );
}
