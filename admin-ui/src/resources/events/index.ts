import StreamIcon from '@mui/icons-material/Stream';
import { EventsPage } from './EventsPage';
import type { StoredEvent } from './types';

/** Shopper events (core, CASL subject `Event`): live stream, volume per channel, stored history. */
export default {
  list: EventsPage,
  icon: StreamIcon,
  recordRepresentation: (event: StoredEvent) => `${event.type} · ${event.eventId}`,
};
