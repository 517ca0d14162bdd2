import { Typography } from '@mui/material';
import { DataTable, List, TextField, useTranslate } from 'react-admin';
import { StatusChip } from '../../components/StatusChip';
import type { Plugin } from '../../types';
import { PluginEnabledField } from './PluginEnabledField';
import { pluginState } from './pluginState';

const Column = DataTable.Col<Plugin>;

export function PluginList() {
  const translate = useTranslate();
  return (
    <List sort={{ field: 'name', order: 'ASC' }} exporter={false} pagination={false} perPage={100}>
      <DataTable bulkActionButtons={false} rowClick={false}>
        <Column source="name" />
        <Column source="version" disableSort />
        <Column source="description" disableSort field={TextField} />
        <Column
          source="status"
          disableSort
          render={(plugin) => <StatusChip status={pluginState(plugin)} testId={`plugin-status-${plugin.name}`} />}
        />
        <Column source="enabled" disableSort>
          <PluginEnabledField />
        </Column>
        <Column
          source="error"
          disableSort
          render={(plugin) =>
            plugin.error ? (
              <Typography variant="body2" color="error" data-testid={`plugin-error-${plugin.name}`}>
                {plugin.error}
              </Typography>
            ) : (
              translate('lockstep.none')
            )
          }
        />
      </DataTable>
    </List>
  );
}
