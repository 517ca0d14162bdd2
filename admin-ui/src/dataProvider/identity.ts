import type { IdentitySettings, MergeRecord, PersonDetail } from '../resources/people/types';
import type { StoredEvent } from '../resources/events/types';
import { httpClient } from './http';
import { recordUrl } from './paths';

/**
 * The identity plugin's calls beyond CRUD (docs/identity.md), mounted under /api/plugins/identity. Person and merge
 * lists go through the REST provider: the plugin takes the core's sort/range/filter (filter.q, filter.channel).
 */
export const IDENTITY_PLUGIN = 'identity';
export const PERSONS = 'identity/persons';

export async function getPerson(id: string): Promise<PersonDetail> {
  return (await httpClient(recordUrl(PERSONS, id))).json as PersonDetail;
}

export async function getPersonMerges(id: string): Promise<MergeRecord[]> {
  return (await httpClient(`${recordUrl(PERSONS, id)}/merges`)).json as MergeRecord[];
}

export async function getPersonEvents(id: string, limit = 50): Promise<StoredEvent[]> {
  return (await httpClient(`${recordUrl(PERSONS, id)}/events?limit=${limit}`)).json as StoredEvent[];
}

/** Moves the given identifiers (`kind:value`) to a new person; answers both ids. */
export async function splitPerson(id: string, identifiers: string[]): Promise<{ personId: string; newPersonId: string }> {
  const { json } = await httpClient(`${recordUrl(PERSONS, id)}/split`, { method: 'POST', body: JSON.stringify({ identifiers }) });
  return json as { personId: string; newPersonId: string };
}

/** The identity plugin's settings (merge rules) through the core's plugin API. */
export async function getIdentitySettings(): Promise<{ enabled: boolean; status: string; settings: IdentitySettings }> {
  return (await httpClient(recordUrl('plugins', IDENTITY_PLUGIN))).json as { enabled: boolean; status: string; settings: IdentitySettings };
}

export async function putIdentitySettings(settings: IdentitySettings): Promise<IdentitySettings> {
  const { json } = await httpClient(recordUrl('plugins', IDENTITY_PLUGIN), { method: 'PUT', body: JSON.stringify({ settings }) });
  return (json as { settings: IdentitySettings }).settings;
}
