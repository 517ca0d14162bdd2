import { AMBIGUOUS_MILD, AMBIGUOUS_STRONG, FIRST_NAMES } from './first-names.data.ts';

/** How much a first name also reads as an ordinary word: 0 not at all ("jessica"), 1 mildly ("jack"), 2 strongly ("will"). */
export type NameAmbiguity = 0 | 1 | 2;

const NAMES = new Set(FIRST_NAMES.split(' '));
/** Strongly ambiguous: the generated list plus countries, continents and US states that are also given names. */
const STRONG = new Set([
  ...AMBIGUOUS_STRONG.split(' '),
  'chad', 'china', 'egypt', 'georgia', 'india', 'ireland', 'israel', 'italy', 'jordan', 'kenya', 'malaysia', 'asia',
  'america', 'africa', 'arizona', 'carolina', 'dakota', 'indiana', 'montana', 'nevada', 'jersey', 'virginia', 'alberta',
  'sierra', 'god', 'jesus', 'allah', 'lord', 'christmas', 'easter', 'sunday', 'monday', 'friday', 'january', 'march',
]);
/**
 * Mildly ambiguous: the generated list plus given names that are also common city or brand names in shop and support
 * text (hand-picked; a gazetteer cannot tell Austin the person from Austin, Texas).
 */
const MILD = new Set([
  ...AMBIGUOUS_MILD.split(' '),
  'paris', 'london', 'sydney', 'austin', 'dallas', 'houston', 'denver', 'phoenix', 'orlando', 'memphis', 'boston',
  'charlotte', 'raleigh', 'savannah', 'aurora', 'florence', 'milan', 'venice', 'verona', 'geneva', 'cairo', 'kingston',
  'dolores', 'milford', 'salem', 'chelsea', 'camden', 'devon', 'kent', 'hamilton', 'victoria', 'berlin', 'rome', 'vienna',
  'brooklyn', 'cleveland', 'lincoln', 'washington', 'mercedes', 'lexus', 'tesla', 'porsche', 'bentley', 'harley',
  'alexa', 'siri', 'kindle', 'fender', 'gibson', 'marshall', 'taylor', 'martin', 'april', 'june', 'july', 'august',
  'christian',
]);

/** The first-name gazetteer: SSA national baby-name counts (public domain), see first-names.data.ts. */
export function firstNameAmbiguity(lowercased: string): NameAmbiguity | null {
  if (!NAMES.has(lowercased)) return null;
  if (STRONG.has(lowercased)) return 2;
  return MILD.has(lowercased) ? 1 : 0;
}

export const FIRST_NAME_COUNT = NAMES.size;
