import type { StreamFilter } from './types';

/** An identifier of the identity graph as the identity plugin lists it. */
export interface IdentifierRef {
  kind: string;
  value: string;
}

/** The stream filter for one person: events of any of their devices (anonymousIds) or of their account (userIds). */
export function personFilter(identifiers: IdentifierRef[]): Pick<StreamFilter, 'anonymousIds' | 'userIds'> {
  const anonymousIds = identifiers.filter((i) => i.kind === 'anonymous_id').map((i) => i.value);
  const userIds = identifiers.filter((i) => i.kind === 'user_id').map((i) => i.value);
  return { anonymousIds, userIds };
}

/**
 * The filter message for the stream from the page's controls. Empty lists are left out (they would mean "all"
 * on the server), except that a chosen person without any identifier matches nothing: `anonymousIds: ['']`.
 */
export function buildStreamFilter(controls: { types: string[]; channels: string[]; person: IdentifierRef[] | null }): StreamFilter {
  const filter: StreamFilter = {};
  if (controls.types.length) filter.types = [...controls.types];
  if (controls.channels.length) filter.channels = [...controls.channels];
  if (controls.person) {
    const { anonymousIds, userIds } = personFilter(controls.person);
    if (anonymousIds?.length) filter.anonymousIds = anonymousIds;
    if (userIds?.length) filter.userIds = userIds;
    if (!anonymousIds?.length && !userIds?.length) filter.anonymousIds = ['\u0000'];
  }
  return filter;
}

/** ws:// or wss:// URL of the stream on the console's own origin. */
export function streamUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/events/stream`;
}

/** Delay before the n-th reconnect attempt: 0.5 s doubling up to 15 s. */
export function reconnectDelay(attempt: number): number {
  return Math.min(15_000, 500 * 2 ** Math.max(0, attempt));
}
