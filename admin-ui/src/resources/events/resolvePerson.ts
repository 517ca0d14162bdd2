import type { LockstepDataProvider } from '../../dataProvider';
import type { PersonDetail } from '../people/types';

/** Person ids of the identity plugin start with this prefix (docs/identity.md). */
const PERSON_PREFIX = 'prs_';

/**
 * Finds the person a console user typed: a person id (followed when it was merged away), or any identifier value
 * (user id, anonymous id, email …) searched with `q`. Resolves `null` when nobody matches.
 */
export async function resolvePerson(dataProvider: Pick<LockstepDataProvider, 'getPerson' | 'getList'>, input: string): Promise<PersonDetail | null> {
  const text = input.trim();
  if (!text) return null;
  let id: string | undefined;
  if (text.startsWith(PERSON_PREFIX)) {
    id = text;
  } else {
    const { data } = await dataProvider.getList('identity/persons', { filter: { q: text }, pagination: { page: 1, perPage: 1 }, sort: { field: 'lastSeenAt', order: 'DESC' } });
    id = data[0]?.id as string | undefined;
  }
  if (!id) return null;
  try {
    let person = await dataProvider.getPerson(id);
    if (person.mergedInto) person = await dataProvider.getPerson(person.mergedInto);
    return person;
  } catch (error) {
    if (typeof error === 'object' && error !== null && (error as { status?: number }).status === 404 && (error as { body?: { code?: string } }).body?.code === 'IDENTITY_ERR_NOT_FOUND') return null;
    throw error;
  }
}
