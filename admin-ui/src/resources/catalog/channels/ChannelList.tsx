import { DataTable, List, SearchInput, SelectField } from 'react-admin';
import type { Channel } from '../../../types';
import { CHANNEL_KIND_CHOICES } from './kinds';

const Column = DataTable.Col<Channel>;
const filters = [<SearchInput key="q" source="q" alwaysOn />];

export function ChannelList() {
  return (
    <List sort={{ field: 'name', order: 'ASC' }} filters={filters} exporter={false}>
      <DataTable bulkActionButtons={false}>
        <Column source="key" />
        <Column source="name" />
        <Column source="kind" render={(channel) => <SelectField record={channel} source="kind" choices={CHANNEL_KIND_CHOICES} />} />
      </DataTable>
    </List>
  );
}
