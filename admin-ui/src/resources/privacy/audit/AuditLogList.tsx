import { Chip } from '@mui/material';
import { DataTable, DateField, FilterButton, List, SelectInput, TextInput, TopToolbar, useTranslate } from 'react-admin';
import { AuditEntryPanel } from './AuditEntryPanel';
import type { AuditEntry } from './types';
import { VerifyChainButton } from './VerifyChainButton';

const Column = DataTable.Col<AuditEntry>;
const ACTOR_KINDS = ['user', 'apiKey', 'system', 'plugin'];

function useFilters() {
  const translate = useTranslate();
  return [
    // `q`: the action contains this text (the server searches `action`); the exact-match filters follow.
    <TextInput key="q" source="q" label="resources.audit.fields.action" alwaysOn />,
    <TextInput key="action" source="action" label="lockstep.privacy.audit_log.exact_action" />,
    <SelectInput key="actorKind" source="actorKind" choices={ACTOR_KINDS.map((k) => ({ id: k, name: translate(`lockstep.privacy.audit_log.actor_kinds.${k}`, { _: k }) }))} translateChoice={false} />,
    <TextInput key="actorId" source="actorId" />,
    <TextInput key="targetType" source="targetType" />,
    <TextInput key="targetId" source="targetId" />,
  ];
}

function Actions() {
  return <TopToolbar sx={{ alignItems: 'center' }}><FilterButton /><VerifyChainButton /></TopToolbar>;
}

/**
 * The tenant's audit log, newest first, filterable by action, actor and target; a row expands to its hash, the hash
 * it links to and its details. "Verify chain" walks the whole chain on the server.
 */
export function AuditLogList() {
  const filters = useFilters();
  return (
    <List sort={{ field: 'seq', order: 'DESC' }} filters={filters} actions={<Actions />} exporter={false} perPage={50} empty={false}>
      <DataTable bulkActionButtons={false} rowClick="expand" expand={<AuditEntryPanel />} rowSx={() => ({ cursor: 'pointer' })}>
        <Column source="seq" align="right" />
        <Column source="at" render={(e) => <DateField record={e} source="at" showTime />} />
        <Column source="action" render={(e) => <Chip size="small" variant="outlined" label={e.action} data-testid={`audit-action-${e.seq}`} />} />
        <Column source="actor" disableSort render={(e) => <code style={{ fontSize: 12 }}>{e.actor.kind}:{e.actor.id}</code>} />
        <Column source="target" disableSort render={(e) => <code style={{ fontSize: 12 }}>{e.target.type}:{e.target.id}</code>} />
        <Column source="hash" disableSort render={(e) => <code style={{ fontSize: 12 }} title={e.hash}>{e.hash.slice(0, 12)}…</code>} />
      </DataTable>
    </List>
  );
}
