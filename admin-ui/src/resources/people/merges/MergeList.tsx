import { Chip, type ChipProps } from '@mui/material';
import { DataTable, DateField, List, ReferenceField, SelectInput, TextField, useTranslate } from 'react-admin';
import type { MergeRecord } from '../types';

const Column = DataTable.Col<MergeRecord & { id: string }>;
const ACTION_COLOR: Record<string, ChipProps['color']> = { merge: 'info', split: 'warning', conflict: 'error' };
const ACTIONS = ['merge', 'split', 'conflict'] as const;

function ActionChip({ action }: { action: string }) {
  const translate = useTranslate();
  return <Chip size="small" color={ACTION_COLOR[action] ?? 'default'} label={translate(`lockstep.people.merges.actions.${action}`, { _: action })} data-testid={`merge-action-${action}`} />;
}

function useFilters() {
  const translate = useTranslate();
  const choices = ACTIONS.map((a) => ({ id: a, name: translate(`lockstep.people.merges.actions.${a}`) }));
  return [<SelectInput key="action" source="action" choices={choices} translateChoice={false} alwaysOn />];
}

/** The tenant's merge history: merges, operator splits and refused merges (conflicts, with the rule that refused). */
export function MergeList() {
  const filters = useFilters();
  return (
    <List sort={{ field: 'at', order: 'DESC' }} filters={filters} exporter={false}>
      <DataTable bulkActionButtons={false} rowClick={false}>
        <Column source="at" render={(m) => <DateField record={m} source="at" showTime />} />
        <Column source="action" render={(m) => <ActionChip action={m.action} />} />
        <Column source="cause" disableSort render={(m) => m.cause} />
        <Column source="fromPersonId" disableSort render={(m) => (m.fromPersonId ? <ReferenceField record={m} source="fromPersonId" reference="identity/persons" link="show"><TextField source="id" /></ReferenceField> : null)} />
        <Column source="intoPersonId" disableSort render={(m) => (m.intoPersonId ? <ReferenceField record={m} source="intoPersonId" reference="identity/persons" link="show"><TextField source="id" /></ReferenceField> : null)} />
        <Column source="identifiers" disableSort render={(m) => <code style={{ fontSize: 12 }}>{m.identifiers.join(', ')}</code>} />
        <Column source="rule" disableSort />
      </DataTable>
    </List>
  );
}
