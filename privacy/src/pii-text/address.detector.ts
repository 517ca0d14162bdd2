import {
  CAP, DIRECTION, GLUED_TYPES, NAME, NUM, PARTICLE, POSTCODE_ANY, POSTCODE_CA, POSTCODE_DASHED, POSTCODE_NL, POSTCODE_UK, POSTCODE_US,
  PREFIX_TYPES, SUFFIX_TYPES, UNIT, US_STATES,
} from './address-patterns.ts';
import type { PiiDetector, PiiSpan } from './types.ts';

/**
 * Postal addresses by heuristics, no gazetteer of places: a street line (house number + street-type word in English,
 * Romance/Slavic prefix or Germanic/Nordic/Finnish/Hungarian suffix form), military and PO-box addresses, US
 * "City, ST 12345", distinctive postcodes (UK, Canada, Netherlands, ZIP+4) and postcodes after a cue ("zip: …"); a
 * street match then grows over following unit, city, region, postcode and country segments separated by commas or
 * single line breaks. A city or country on its own is not reported.
 */

const B = '(?<![\\p{L}\\p{N}])';
const E = '(?![\\p{L}\\p{N}])';
const re = (src: string, flags = 'gu') => new RegExp(src, flags);

/** "24 Clarke Avenue", "1600 Pennsylvania Avenue NW", "350 5th Ave." */
const NUMBER_FIRST_RE = re(`${B}(?:${NUM}[ ]){1,2}${NAME}[ ](?:${SUFFIX_TYPES})\\.?(?:[ ]${DIRECTION}${E})?${E}`);
/** "Vesterskovvej 79", "6750 Koskikatu 25", "Rákóczi út 13.", "Stensås terrasse 38" */
const GLUED_RE = re(`${B}(?:${NUM}[ ])?(?:${CAP}[ ]){0,2}(?:\\p{Lu}[\\p{L}\\p{M}'’\\-]{1,30}(?:${GLUED_TYPES})|(?:${CAP}[ ]){0,1}${CAP}[ ](?:${GLUED_TYPES}|u\\.))[ ]${NUM}\\.?`);
/** "Via Roma 131", "20 Rue Hsine Eloued", "ul. Zamkowa 33", "Avenida Paulista, 1578" */
const PREFIX_RE = re(`${B}(?<!et )(?:(${NUM})[ ,]{1,2})?(?:${PREFIX_TYPES})[ ](?:${PARTICLE}[ ]){0,2}${NAME}(?:,?[ ](${NUM}))?`);
/** "PSC 6477, Box 2981 APO AE 83700", "Unit 8524 Box 0979 DPO AA 56703", "USS Lorenzen FPO AE 25990" */
const MILITARY_RE = re(`${B}(?:(?:PSC|CMR|Unit)[ ]\\d{3,5},?[ ]Box[ ]\\d{3,5}(?:[ ,\\n]{1,3}(?:APO|FPO|DPO)[ ](?:AA|AE|AP)[ ]\\d{5})?|(?:USNS|USS|USNV|USCGC)[ ]${CAP}(?:[ ]${CAP})?[ ,\\n]{1,3}(?:APO|FPO|DPO)[ ](?:AA|AE|AP)[ ]\\d{5})${E}`);
/** "PO Box 123", "P.O. Box 77", "Postfach 10 20", "Apartado 45" */
const PO_BOX_RE = re(`${B}(?:P\\.?[ ]?O\\.?[ ]?Box|Post Office Box|Postfach|Apartado(?: de correos)?|Boîte postale|Skrytka pocztowa|Casilla)[ ]?\\d{1,6}${E}`);
/** "Springfield, IL 62704", "IL 62704-1234" */
const US_CITY_STATE_ZIP_RE = re(`${B}(?:(${NAME}),[ ])?(?:${US_STATES})[ ]\\d{5}(?:-\\d{4})?(?![\\p{L}\\p{N}\\-])`);
/** "corner of Beiteveien 2 and Sieda Radial" (the cue itself is not part of the span) */
const STREET_LIKE = `(?:(?:${PREFIX_TYPES})[ ])?${NAME}\\.?(?:[ ]${NUM}\\.?)?(?:[ ](?:${SUFFIX_TYPES})\\.?)?`;
const CORNER_RE = re(`\\bcorner of[ ](?:the[ ])?(${STREET_LIKE})[ ](?:and|&)[ ](${STREET_LIKE})`, 'giu');
/** A cue after which an address follows: "address is", "ship to", "I live at". */
const ADDRESS_CUE_RE = /\b(?:(?<!(?:e-?mail|ip|web|mac|ipv4|ipv6|email|delivery e-?mail|wallet|bitcoin) )address(?: is|:)|live at|living at|lives at|live on|lives on|living on|located at|located on|moved to|(?:drop|drops|dropped) (?:you|me|us) off at|meet (?:me |us )?at|pick (?:me |us )?up at|ship(?:ping)? to|deliver(?:ed|y)? to|send (?:it |them |this |the \w+ )?to|mail (?:it |them )?to|return (?:it |them )?to|reside at|stay(?:ing)? at)[ \t]*(?:\n[ \t>]*)?/gi;
/** Cheap pre-checks (on the lowercased text) before the cue patterns run at all. */
const ADDRESS_CUE_WORDS = ['address', ' at', ' to'];
const POSTCODE_CUE_WORDS = ['zip', 'post', 'plz', 'cep', 'postal', 'pin'];
const CUED_STREET_STICKY = re(`(?:${NUM}[ ,]{1,2}){0,2}(?:(?:${PREFIX_TYPES})[ ])?${NAME}(?:[ ]${NUM}\\.?)?(?:[ ](?:${SUFFIX_TYPES})\\.?${E})?`, 'yu');
/** Apartment or suite on its own ("Suite 464"): weak, but a quasi-identifier. */
const UNIT_ALONE_RE = re(`${B}(?:Apt\\.?|Apartment|Suite|Flat)[ ]?#?[ ]?[A-Za-z]?\\d{1,5}[A-Za-z]?${E}`);

/** Distinctive postcodes on their own, one pass: UK, Canada, Dutch with a city after it, US ZIP+4. */
const POSTCODE_ALONE_RE = re(`${B}(?:(${POSTCODE_UK})|(${POSTCODE_CA})|(${POSTCODE_NL}[ ]${CAP})|(\\d{5}-\\d{4}))${E}`);
const POSTCODE_CUE_RE = re(`\\b(?:zip(?:[ ]?code)?|post(?:al)?[ ]?code|postcode|plz|cep|código postal|code postal|postnummer|postinumero|pin ?code)[ \\t]*[:#]?[ \\t]*(${POSTCODE_UK}|${POSTCODE_CA}|${POSTCODE_DASHED}|${POSTCODE_NL}|${POSTCODE_US}|\\d{4,6})${E}`, 'giu');

/** Segments that may follow a street line: a separator (comma and/or one line break) and a unit, place or postcode. */
const SEP = '(?:[ \\t]*,[ \\t]*(?:\\n[ \\t>]*)?|[ \\t]*\\n[ \\t>]*,?[ \\t]*)';
const UNIT_EXT = re(`(?:\\.?[ \\t]*,?[ \\t]*|${SEP})${UNIT}`, 'yu');
const STATE_ZIP_EXT = re(`[ \\t]*,?[ \\t]+(?:${US_STATES})[ ]\\d{5}(?:-\\d{4})?${E}`, 'yu');
const POSTCODE_EXT = re(`[ \\t]+(?:${POSTCODE_UK}|${POSTCODE_CA}|${POSTCODE_DASHED}|\\d{5})${E}`, 'yu');
const LOCALITY = `(?:(?:${POSTCODE_ANY})[ ])?(${NAME})(?:[ ]\\([\\p{L} ]{1,20}\\))?(?:,?[ ][A-Z]{2,3}${E})?(?:,?[ ](?:${POSTCODE_ANY})${E})?|(?:[A-Z]{2,3}[ ])?(?:${POSTCODE_ANY})${E}|[A-Z]{2,3}${E}`;
const LOCALITY_EXT = re(`${SEP}(?:${LOCALITY})`, 'yu');
/** Address blocks sometimes keep an empty line before the last line; only a line ending in a postcode may follow it. */
const POSTCODE_LINE_AFTER_BLANK = re(`[ \\t]*\\n[ \\t>]*\\n[ \\t>]*(?:${NAME}[ ])?(?:${POSTCODE_ANY})${E}`, 'yu');
/** A line that starts like a street without a street word ("Edeby 55", "28030 Edeby 55"): an address only when it grows by 2+ segments. */
const BARE_STREET_LINE_RE = re(`(?:^|\\n)[ \\t>?]*((?:${NUM}[ ]){0,2}${NAME}[ ]${NUM})\\.?(?=[ \\t]*(?:,|\\n))`);
/** Words that start a new sentence or a sign-off, not a city ("…, Thanks"). */
const NOT_PLACE = new Set(['thanks', 'thank', 'please', 'regards', 'best', 'cheers', 'sincerely', 'i', 'the', 'we', 'you', 'it', 'this', 'that', 'and', 'but', 'or', 'so', 'my', 'our', 'your', 'hi', 'hello', 'dear', 'also', 'then', 'if', 'when', 'phone', 'tel', 'email', 'e-mail', 'mobile', 'fax', 'card', 'iban', 'apt', 'suite']);

/** Grows an address from `end` over unit, state/ZIP, postcode and locality segments (at most 6); returns the new end and the segment count. */
function grow(text: string, end: number): { end: number; segments: number } {
  let segments = 0;
  for (; segments < 6; segments++) {
    let next = -1;
    for (const sticky of [UNIT_EXT, STATE_ZIP_EXT, POSTCODE_EXT]) {
      sticky.lastIndex = end;
      const m = sticky.exec(text);
      if (m) {
        next = end + m[0].length;
        break;
      }
    }
    if (next < 0) {
      LOCALITY_EXT.lastIndex = end;
      const m = LOCALITY_EXT.exec(text);
      if (m) {
        const firstWord = (m[1] ?? '').split(/[ \-]/)[0].toLowerCase();
        if (!NOT_PLACE.has(firstWord)) next = end + m[0].length;
      }
    }
    if (next < 0 && segments > 0) {
      POSTCODE_LINE_AFTER_BLANK.lastIndex = end;
      const m = POSTCODE_LINE_AFTER_BLANK.exec(text);
      if (m) next = end + m[0].length;
    }
    if (next < 0) break;
    end = next;
  }
  return { end, segments };
}

function extend(text: string, end: number): number {
  return grow(text, end).end;
}

function add(out: PiiSpan[], start: number, end: number, score: number, detector: string): void {
  out.push({ start, end, type: 'ADDRESS', score, detector });
}

const HAS_DIGIT = /\d/;
const ABBREVIATION_END = /(?:St|Ave|Rd|Blvd|Dr|Ln|Ct|Pl|Sq|Av|Ste|Apt|Bd|Avda|Str|Jl|Pkwy|Hwy|Cres|Ter|Trl|Rte)\.$/;

/** A trailing "." ends the sentence, not the address, unless it closes an abbreviation ("Main St."). */
function trimDot(text: string, start: number, end: number): number {
  return text[end - 1] === '.' && !ABBREVIATION_END.test(text.slice(Math.max(start, end - 6), end)) ? end - 1 : end;
}

export const addressDetector: PiiDetector = {
  type: 'ADDRESS',
  detect(text) {
    const out: PiiSpan[] = [];
    // Every rule but "corner of …" needs a digit somewhere (house number, box, postcode).
    const lower = text.toLowerCase();
    if (!HAS_DIGIT.test(text) && !lower.includes('corner of')) return out;
    const street = (rx: RegExp, score: number, detector: string, valid?: (m: RegExpMatchArray) => boolean) => {
      for (const m of text.matchAll(rx)) {
        if (valid && !valid(m)) continue;
        const end = trimDot(text, m.index, m.index + m[0].length);
        add(out, m.index, extend(text, end), score, detector);
      }
    };
    street(NUMBER_FIRST_RE, 0.8, 'address-street');
    street(GLUED_RE, 0.75, 'address-street');
    street(PREFIX_RE, 0.75, 'address-street', (m) => m[1] !== undefined || m[2] !== undefined);
    street(MILITARY_RE, 0.85, 'address-military');
    street(PO_BOX_RE, 0.75, 'address-po-box');
    for (const m of text.matchAll(US_CITY_STATE_ZIP_RE)) add(out, m.index, m.index + m[0].length, m[1] ? 0.75 : 0.6, 'address-us-city-state-zip');
    if (lower.includes('corner of')) for (const m of text.matchAll(CORNER_RE)) {
      const start = m.index + m[0].indexOf(m[1]);
      add(out, start, trimDot(text, start, m.index + m[0].length), 0.7, 'address-corner');
    }
    if (ADDRESS_CUE_WORDS.some((w) => lower.includes(w))) for (const m of text.matchAll(ADDRESS_CUE_RE)) {
      const at = m.index + m[0].length;
      CUED_STREET_STICKY.lastIndex = at;
      const s = CUED_STREET_STICKY.exec(text);
      if (!s || !/\d/.test(s[0])) continue;
      add(out, at, extend(text, trimDot(text, at, at + s[0].length)), 0.65, 'address-cue');
    }
    for (const m of text.matchAll(BARE_STREET_LINE_RE)) {
      const start = m.index + m[0].indexOf(m[1]);
      const g = grow(text, start + m[1].length);
      if (g.segments >= 2) add(out, start, g.end, 0.65, 'address-block');
    }
    for (const m of text.matchAll(UNIT_ALONE_RE)) add(out, m.index, m.index + m[0].length, 0.55, 'address-unit');
    // Postcodes on their own: only the distinctive formats, or any format after a "zip"/"postcode" cue.
    for (const m of text.matchAll(POSTCODE_ALONE_RE)) {
      const end = m.index + m[0].length;
      // "M2 4TB", "PS4 1GB": storage sizes and model names share the UK pattern.
      if (m[1] !== undefined && !/\d[GTMK]B$/.test(m[0])) add(out, m.index, end, 0.6, 'postcode-uk');
      else if (m[2] !== undefined) add(out, m.index, end, 0.65, 'postcode-ca');
      else if (m[3] !== undefined) add(out, m.index, end, 0.6, 'postcode-nl');
      else if (m[4] !== undefined) add(out, m.index, end, 0.55, 'postcode-us-zip4');
    }
    if (POSTCODE_CUE_WORDS.some((w) => lower.includes(w))) for (const m of text.matchAll(POSTCODE_CUE_RE)) {
      const start = m.index + m[0].lastIndexOf(m[1]);
      add(out, start, start + m[1].length, 0.8, 'postcode-cue');
    }
    return out;
  },
};
