import { DataTable, DateField, List, SearchInput, SelectInput } from 'react-admin';
import type { User } from '../../types';
import { RoleField } from './RoleField';
import { ROLE_CHOICES } from './roles';

const Column = DataTable.Col<User>;
const filters = [<SearchInput key="q" source="q" alwaysOn />, <SelectInput key="role" source="role" choices={ROLE_CHOICES} />];

export function UserList() {
  return (
    <List sort={{ field: 'createdAt', order: 'DESC' }} filters={filters} exporter={false}>
      <DataTable bulkActionButtons={false}>
        <Column source="email" />
        <Column source="name" />
        <Column source="role" field={RoleField} />
        <Column source="createdAt" field={DateField} />
        <Column source="lastLoginAt" field={DateField} />
      </DataTable>
    </List>
  );
}
