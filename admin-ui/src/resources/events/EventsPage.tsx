import { useState } from 'react';
import { Box, Stack, Tab, Tabs } from '@mui/material';
import { Title, useLocation, useTranslate } from 'react-admin';
import { EventHistory } from './EventHistory';
import { EventVolume } from './EventVolume';
import { LiveStream } from './LiveStream';

type EventsTab = 'live' | 'history';

/**
 * The events resource's page: per-channel volume and the live stream (WebSocket), or the stored history.
 * `#/events?person=<person id or identifier>` opens the live stream filtered to that person.
 */
export function EventsPage() {
  const translate = useTranslate();
  const location = useLocation();
  const person = new URLSearchParams(location.search).get('person') ?? undefined;
  const [tab, setTab] = useState<EventsTab>('live');
  return (
    <Box sx={{ mt: 1, mb: 2 }}>
      <Title title="lockstep.events.title" />
      <Tabs value={tab} onChange={(_, value: EventsTab) => setTab(value)} sx={{ mb: 2 }}>
        <Tab value="live" label={translate('lockstep.events.tabs.live')} data-testid="events-tab-live" />
        <Tab value="history" label={translate('lockstep.events.tabs.history')} data-testid="events-tab-history" />
      </Tabs>
      {tab === 'live' ? (
        <Stack spacing={2}>
          <EventVolume />
          <LiveStream initialPerson={person} />
        </Stack>
      ) : (
        <EventHistory />
      )}
    </Box>
  );
}
