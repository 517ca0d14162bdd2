import { Chip } from '@mui/material';
import { DataTable, DateField, List, useTranslate } from 'react-admin';
import type { ApiKey } from '../../types';
import { KeyStatusField } from './KeyStatusField';
import { RevokeKeyButton } from './RevokeKeyButton';

const Column = DataTable.Col<ApiKey>;

function KindChip({ kind }: { kind: ApiKey['kind'] }) {
  const translate = useTranslate();
  return (
    <Chip
      size="small"
      variant="outlined"
      color={kind === 'secret' ? 'warning' : 'info'}
      label={translate(`lockstep.api_keys.kinds.${kind}`, { _: kind })}
    />
  );
}

export function ApiKeyList() {
  return (
    <List sort={{ field: 'createdAt', order: 'DESC' }} exporter={false}>
      <DataTable bulkActionButtons={false} rowClick={false}>
        <Column source="name" />
        <Column source="prefix" render={(key) => <code data-testid={`key-prefix-${key.id}`}>{key.prefix}</code>} disableSort />
        <Column source="kind" render={(key) => <KindChip kind={key.kind} />} />
        <Column source="createdAt" field={DateField} />
        <Column source="lastUsedAt" field={DateField} />
        <Column source="revokedAt" field={DateField} />
        <Column label="lockstep.api_keys.state" disableSort>
          <KeyStatusField />
        </Column>
        <Column label="lockstep.actions" disableSort align="right">
          <RevokeKeyButton />
        </Column>
      </DataTable>
    </List>
  );
}
