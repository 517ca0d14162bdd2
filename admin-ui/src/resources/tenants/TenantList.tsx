import { DataTable, DateField, List, SearchInput } from 'react-admin';
import { StatusChip } from '../../components/StatusChip';
import type { Tenant } from '../../types';

const Column = DataTable.Col<Tenant>;
const filters = [<SearchInput key="q" source="q" alwaysOn />];

export function TenantList() {
  return (
    <List sort={{ field: 'createdAt', order: 'DESC' }} filters={filters} exporter={false}>
      <DataTable bulkActionButtons={false} rowClick={false}>
        <Column source="name" />
        <Column source="slug" />
        <Column source="status" render={(tenant) => <StatusChip status={tenant.status} />} />
        <Column source="createdAt" field={DateField} />
      </DataTable>
    </List>
  );
}
