import { useMemo } from 'react';
import { CreateButton, DataTable, DateField, List, NullableBooleanInput, SearchInput, SelectInput, TopToolbar, useTranslate } from 'react-admin';
import { DueDate, RequestStatusChip, SubjectText } from './RequestFields';
import { deadlineState } from './status';
import { REQUEST_KINDS, REQUEST_STATUSES, type PrivacyRequest } from './types';

const Column = DataTable.Col<PrivacyRequest>;
const P = 'lockstep.privacy.requests';

function useFilters() {
  const translate = useTranslate();
  return useMemo(() => [
    <SearchInput key="q" source="q" alwaysOn />,
    <SelectInput key="kind" source="kind" alwaysOn choices={REQUEST_KINDS.map((k) => ({ id: k, name: translate(`${P}.kinds.${k}`) }))} translateChoice={false} />,
    <SelectInput key="status" source="status" choices={REQUEST_STATUSES.map((s) => ({ id: s, name: translate(`${P}.statuses.${s}`) }))} translateChoice={false} />,
    <NullableBooleanInput key="overdue" source="overdue" />,
  ], [translate]);
}

/** The request queue: status, deadline (overdue rows highlighted), kind filter; opens a request's detail. */
export function RequestList() {
  const filters = useFilters();
  const translate = useTranslate();
  return (
    <List sort={{ field: 'dueAt', order: 'ASC' }} filters={filters} exporter={false} actions={<TopToolbar><CreateButton /></TopToolbar>}>
      <DataTable bulkActionButtons={false} rowClick="show" rowSx={(r) => (deadlineState(r) === 'overdue' ? { backgroundColor: 'rgba(211, 47, 47, 0.08)' } : {})}>
        <Column source="id" disableSort render={(r) => <code data-testid={`request-row-${r.id}`} data-overdue={String(r.overdue)}>{r.id}</code>} />
        <Column source="kind" render={(r) => translate(`${P}.kinds.${r.kind}`)} />
        <Column source="subject" disableSort render={(r) => <SubjectText request={r} />} />
        <Column source="status" render={(r) => <RequestStatusChip request={r} />} />
        <Column source="receivedAt" render={(r) => <DateField record={r} source="receivedAt" showTime />} />
        <Column source="dueAt" render={(r) => <DueDate request={r} />} />
        <Column source="completedAt" render={(r) => <DateField record={r} source="completedAt" showTime emptyText="—" />} />
      </DataTable>
    </List>
  );
}
