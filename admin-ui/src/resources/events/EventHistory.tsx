import { useMemo } from 'react';
import { Chip } from '@mui/material';
import { AutocompleteInput, DataTable, DateField, List, SearchInput, TextInput, useTranslate } from 'react-admin';
import { channelColor, CHANNELS, EVENT_TYPES } from './eventTypes';
import { propertiesText } from './liveBuffer';
import type { StoredEvent } from './types';

const Column = DataTable.Col<StoredEvent>;
const choices = (values: readonly string[]) => values.map((v) => ({ id: v, name: v }));
function useFilters() {
  const translate = useTranslate();
  return useMemo(() => [
    <SearchInput key="q" source="q" alwaysOn placeholder={translate('lockstep.events.search')} />,
    <AutocompleteInput key="type" source="type" choices={choices(EVENT_TYPES)} translateChoice={false} alwaysOn />,
    <AutocompleteInput key="channel" source="channel" choices={choices(CHANNELS)} translateChoice={false} alwaysOn />,
    <TextInput key="anonymousId" source="anonymousId" />,
    <TextInput key="userId" source="userId" />,
    <TextInput key="personId" source="personId" />,
  ], [translate]);
}

function TraitKeys({ event }: { event: StoredEvent }) {
  const translate = useTranslate();
  if (!event.traitKeys.length) return null;
  return <Chip size="small" variant="outlined" label={translate('lockstep.events.traits', { keys: event.traitKeys.join(', ') })} sx={{ ml: 1 }} />;
}

/** Stored events (`GET /api/events`), newest first, with the list filters of the API. */
export function EventHistory() {
  const filters = useFilters();
  return (
    <List resource="events" sort={{ field: 'receivedAt', order: 'DESC' }} filters={filters} exporter={false} disableSyncWithLocation title={false}>
      <DataTable bulkActionButtons={false} rowClick={false}>
        <Column source="receivedAt" render={(e) => <DateField record={e} source="receivedAt" showTime />} />
        <Column source="type" render={(e) => (<><code>{e.type}</code><TraitKeys event={e} /></>)} />
        <Column source="channel" render={(e) => <Chip size="small" variant="outlined" label={e.channel} sx={{ borderColor: channelColor(e.channel), color: channelColor(e.channel) }} />} />
        <Column source="anonymousId" disableSort />
        <Column source="userId" disableSort />
        <Column source="personId" disableSort />
        <Column source="properties" disableSort render={(e) => propertiesText(e.properties)} />
      </DataTable>
    </List>
  );
}
