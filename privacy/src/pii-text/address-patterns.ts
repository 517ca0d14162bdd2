/**
 * Building blocks of the postal-address rules (regex source strings, Unicode mode). Every repetition is bounded, so
 * patterns built from these run in linear time. Street-type words: USPS suffix abbreviations (Publication 28) plus the
 * common forms of European street words.
 */

/** A capitalised (or all-caps) word of 2+ letters: "Clarke", "ARENDAL", "Hafliðason", "Anne-Lotte", "O'Neil". */
export const CAP = "\\p{Lu}[\\p{L}\\p{M}'’]{1,30}(?:-\\p{L}[\\p{L}\\p{M}'’]{0,30})?";
/** Lowercase words allowed inside street and place names ("Rue de la Paix", "Via dei Mille"). */
export const PARTICLE = '(?:de|del|della|delle|dei|degli|di|da|das|do|dos|du|des|la|le|les|van|von|der|den|het|y|e|of|the|al|el|ter|ten|am|an|im|zum|zur|sur|en)';
/** An ordinal used as a street name ("5th Avenue"). */
export const ORDINAL = '\\d{1,3}(?:st|nd|rd|th)';
/** 1–4 name words, particles allowed between them. */
export const NAME = `(?:${CAP}|${ORDINAL})(?:[ ](?:${PARTICLE}[ ]){0,2}(?:${CAP}|${ORDINAL})){0,3}`;
/** A house number: 12, 12a, 12-14, 12/3, 1600. */
export const NUM = '\\d{1,5}[A-Za-z]?(?:[\\-/]\\d{1,4}[A-Za-z]?)?(?![\\p{L}\\p{N}])';

/** Street types written after the name ("Clarke Avenue", "Main St."). */
export const SUFFIX_TYPES =
  'Street|St|Avenue|Ave|Av|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Place|Pl|Square|Sq|Terrace|Ter|Way|Parkway|Pkwy|' +
  'Highway|Hwy|Circle|Cir|Crescent|Cres|Close|Row|Walk|Mews|Gardens|Gdns|Grove|Hill|Loop|Pass|Path|Pike|Plaza|Plz|Point|Trail|Trl|' +
  'Alley|Crossing|Crossroad|Park|Heights|Hts|Green|Greens|Ridge|Run|Route|Rte|Expressway|Expy|Freeway|Fwy|Quay|Wharf|Esplanade|' +
  'Parade|Causeway|Junction|Meadow|Meadows|Vale|View|Villas|Wynd|Estate|Rise|Turnpike|Cove|Creek|Glen|Harbor|Harbour|Landing|' +
  'Manor|Mill|Mills|Orchard|Shore|Shores|Spring|Springs|Summit|Valley|Village|Walkway|Brae|Dale|Fields|Gate|Gardens|Lanes|Roads|Streets';
/** Directions after a street ("… Avenue NW"). */
export const DIRECTION = '(?:N|S|E|W|NE|NW|SE|SW|North|South|East|West)';

/** Street types written before the name ("Rue Hsine Eloued", "Via Roma", "ul. Zamkowa"). */
export const PREFIX_TYPES =
  'Rue|Avenue|Boulevard|Bd\\.?|Bld\\.?|Chemin|Allée|Impasse|Quai|Via|Viale|Vicolo|Piazza|Piazzale|Corso|Largo|' +
  'Strada|Calle|Carrer|Avenida|Avda\\.?|Av\\.|Paseo|Passeig|Plaza|Praça|Praca|Rua|Travessa|Estrada|Rodovia|Alameda|' +
  'ul\\.|ulica|al\\.|aleja|pl\\.|os\\.|plac|Odos|Leoforos|Ulitsa|ul|prospekt|Jalan|Jl\\.|Calea|Bulevardul|Str\\.|Strada';

/**
 * Street words glued to the end of the name or written as a separate lowercase word: German, Dutch, Scandinavian,
 * Finnish, Estonian, Hungarian, Icelandic… ("Bahnhofstraße 5", "Vesterskovvej 79", "Koskikatu 25", "Rákóczi út 13").
 */
export const GLUED_TYPES =
  'straße|strasse|str\\.|gasse|weg|allee|platz|damm|ufer|steig|pfad|chaussee|markt|vej|vejen|gade|stræde|allé|veien|' +
  'vegen|veg|gata|gatan|vägen|väg|gränd|torget|torg|straat|laan|plein|gracht|kade|singel|dijk|steeg|katu|tie|kuja|polku|' +
  'kaari|rinne|ranta|raitti|tori|utca|út|útja|tér|körút|ulica|cesta|iela|gatvė|tänav|maantee|puiestee|vegur|braut|stræti|' +
  'terrasse|rue';

/** Unit designators ("Apt. 864", "Suite 464", "Flat 2B", "#12"). */
export const UNIT = "(?:Apt\\.?|Apartment|Suite|Ste\\.?|Unit|Flat|Fl\\.?|Floor|Room|Rm\\.?|Bldg\\.?|Building|App\\.?|Wohnung|Piso|Lgh|#)[ ]?#?[ ]?[A-Za-z0-9\\-]{1,6}(?![\\p{L}\\p{N}])";

/** US states, DC and territories (USPS codes). */
export const US_STATES =
  'AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|' +
  'TN|TX|UT|VT|VA|WA|WV|WI|WY|PR|GU|VI|AS|MP';

/** Postcodes by country, most distinctive first. */
export const POSTCODE_UK = '(?:GIR 0AA|[A-Z]{1,2}\\d[A-Z\\d]? ?\\d[ABD-HJLNP-UW-Z]{2})';
export const POSTCODE_CA = '(?:[ABCEGHJ-NPRSTVXY]\\d[ABCEGHJ-NPRSTV-Z] ?\\d[ABCEGHJ-NPRSTV-Z]\\d)';
export const POSTCODE_NL = '(?:[1-9]\\d{3} ?(?!SA|SD|SS)[A-Z]{2})';
export const POSTCODE_US = '(?:\\d{5}(?:-\\d{4})?)';
/** Poland 00-950, Portugal 1000-001, Brazil 01310-100, Japan 100-0001. */
export const POSTCODE_DASHED = '(?:\\d{2}-\\d{3}|\\d{4}-\\d{3}|\\d{5}-\\d{3}|\\d{3}-\\d{4})';
/** Any of the above or a bare 3–6 digit code (only used inside an address, never alone). */
export const POSTCODE_ANY = `(?:${POSTCODE_UK}|${POSTCODE_CA}|${POSTCODE_DASHED}|${POSTCODE_NL}|${POSTCODE_US}|\\d{3,6})`;
