import { useMemo } from 'react';
import { DataTable, DateField, List, SearchInput, TextArrayField, TextInput, useTranslate } from 'react-admin';
import type { Person } from './types';

const Column = DataTable.Col<Person>;

function useFilters() {
  const translate = useTranslate();
  return useMemo(() => [
    <SearchInput key="q" source="q" alwaysOn placeholder={translate('lockstep.people.search')} />,
    <TextInput key="channel" source="channel" />,
  ], [translate]);
}

/** The tenant's people; `q` finds a person by any identifier (user id, anonymous id, email, person id). */
export function PersonList() {
  const filters = useFilters();
  return (
    <List sort={{ field: 'lastSeenAt', order: 'DESC' }} filters={filters} exporter={false}>
      <DataTable bulkActionButtons={false} rowClick="show">
        <Column source="id" disableSort render={(p) => <code data-testid={`person-row-${p.id}`}>{p.id}</code>} />
        <Column source="userId" />
        <Column source="channels" disableSort render={(p) => <TextArrayField record={p} source="channels" />} />
        <Column source="identifierCount" align="right" />
        <Column source="firstSeenAt" render={(p) => <DateField record={p} source="firstSeenAt" showTime />} />
        <Column source="lastSeenAt" render={(p) => <DateField record={p} source="lastSeenAt" showTime />} />
      </DataTable>
    </List>
  );
}
