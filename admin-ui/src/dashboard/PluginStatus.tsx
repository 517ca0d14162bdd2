import { List, ListItem, ListItemText, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { StatusChip } from '../components/StatusChip';
import type { Plugin } from '../types';
import { pluginState } from '../resources/plugins/pluginState';
import { Widget } from './Widget';

interface PluginStatusProps {
  plugins?: Plugin[];
  isPending: boolean;
  error?: unknown;
}

/** Loaded plugins with their state for this tenant; a failed plugin shows its load error. */
export function PluginStatus({ plugins, isPending, error }: PluginStatusProps) {
  const translate = useTranslate();
  return (
    <Widget title="lockstep.dashboard.plugins.title" testId="dashboard-plugins" isPending={isPending} error={error}>
      {plugins && plugins.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          {translate('lockstep.dashboard.plugins.none')}
        </Typography>
      ) : null}
      <List dense disablePadding>
        {(plugins ?? []).map((plugin) => (
          <ListItem
            key={plugin.id}
            disableGutters
            secondaryAction={<StatusChip status={pluginState(plugin)} testId={`dashboard-plugin-${plugin.name}`} />}
          >
            <ListItemText
              primary={`${plugin.name} ${plugin.version ?? ''}`}
              secondary={plugin.error ?? plugin.description}
              slotProps={{ secondary: { color: plugin.error ? 'error' : 'text.secondary', noWrap: true } }}
            />
          </ListItem>
        ))}
      </List>
    </Widget>
  );
}
