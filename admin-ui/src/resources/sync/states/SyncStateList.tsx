import { useMemo } from 'react';
import { Chip } from '@mui/material';
import { DataTable, DateField, List, SearchInput, useTranslate } from 'react-admin';
import type { SyncStateRow } from '../types';
import { PersonLink } from './PersonLink';

const Column = DataTable.Col<SyncStateRow>;

/** The tenant's sync states (one per person, or per anonymous device not yet stitched), newest change first. */
export function SyncStateList() {
  const translate = useTranslate();
  const filters = useMemo(() => [<SearchInput key="q" source="q" alwaysOn placeholder={translate('lockstep.sync.search')} />], [translate]);
  return (
    <List sort={{ field: 'updatedAt', order: 'DESC' }} filters={filters} exporter={false} queryOptions={{ refetchInterval: 5000 }}>
      <DataTable bulkActionButtons={false} rowClick="show">
        <Column source="id" disableSort render={(r) => <code data-testid={`sync-state-row-${r.id}`}>{r.id}</code>} />
        <Column source="personId" disableSort render={(r) => <PersonLink personId={r.personId} />} />
        <Column source="seq" align="right" />
        <Column source="updatedAt" render={(r) => <DateField record={r} source="updatedAt" showTime />} />
        <Column source="cartLines" align="right" disableSort />
        <Column source="cartQuantity" align="right" disableSort />
        <Column source="wishlistItems" align="right" disableSort />
        <Column
          source="devicesOnline"
          align="right"
          disableSort
          render={(r) => <Chip size="small" color={r.devicesOnline > 0 ? 'success' : 'default'} label={r.devicesOnline} data-testid={`sync-state-online-${r.id}`} />}
        />
      </DataTable>
    </List>
  );
}
