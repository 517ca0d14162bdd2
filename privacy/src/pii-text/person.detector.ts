import { firstNameAmbiguity } from './first-names.ts';
import { SUFFIX_TYPES } from './address-patterns.ts';
import { HONORIFICS, NAME_PARTICLES, NAME_SUFFIXES, NOT_NAME, NOT_SPEAKER, ORG_SUFFIXES, PRODUCT_WORDS } from './name-lexicon.ts';
import { tokenAt, tokenize, type Token } from './tokens.ts';
import type { PiiDetector, PiiSpan } from './types.ts';

/**
 * Person names without a model: titles ("Dr. Ana Souza"), cue phrases ("my name is …", "Dear …", a sign-off followed
 * by a name line), a first-name gazetteer (US SSA names) plus capitalised surname tokens, "First I. Last" patterns,
 * and repeats of a name already found in the same text. Every rule works on one token array, built in one pass.
 * Weak spots (measured in docs/privacy-pii-detection.md): lone surnames, names outside the gazetteer without a cue,
 * lowercase names, and names that are also words ("Will", "Grace") or brands ("Gibson").
 */

const HAS_LOWER = /\p{Ll}/u;

/** Street-type words ("Isaac Lodge", "Marina Fort" are streets): a name stops before them and is then dropped. */
const STREET_WORDS = new Set([...SUFFIX_TYPES.toLowerCase().split('|'), 'fort', 'union', 'estates', 'square']);
/** Prepositions after which a lone capitalised name is more often a place ("returned to Feliciano"). */
const PLACE_PREPOSITIONS = new Set(['in', 'at', 'to', 'from', 'near', 'into', 'visit', 'visited', 'visiting', 'around', 'via', 'of']);

/** Cues after which a name follows and may be lowercase ("my name is ana souza", "Name: Ana"). */
const STRONG_CUE_RE = /\b(?:(?:my|his|her|their|your|maiden|full|first|last|legal|customer|cardholder|account holder'?s?) name(?:'s| is|:|\?)|name (?:on|in) the (?:card|account|order|booking|reservation) is|name[ \t]*:|cardholder[ \t]*:|account holder[ \t]*:|i am called|call me|signed)[ \t]*(?:[:\-][ \t]*)?/gi;
/** Cues after which a capitalised name is likely ("Dear Ana", "spoke to Ana Souza", "directed by Ana Souza"). */
const GREETING_CUE_RE = /\b(?:dear|hi|hello|hey|hiya|greetings|good morning|good afternoon|good evening|thanks|thank you|attn|attention|c\/o|ask for|asked for|speak to|speak with|spoke to|spoke with|talked to|talk to|talking to|follow up with|meet with|meeting with|met with|assistant to|married to|son of|daughter of|wife of|husband of|(?:directed|written|sung|performed|produced|founded|created|played|narrated|illustrated|composed|painted|signed|reviewed|posted|reported|approved|handled) by|starring|featuring|feat\.)\b[ \t]*[:,\-]?[ \t]*/gi;
/** E-mail style headers: weaker, the value may be a company ("From: Ana Souza", "To: Support"). */
const HEADER_CUE_RE = /(?:^|\n)[ \t>]*(?:from|to|cc|bcc|reply-to|sender|recipient|contact|author|by)[ \t]*:[ \t]*/gi;
/** Cues that introduce oneself; the word after them is a name only with more evidence ("I'm Ana", not "I'm Happy"). */
const SELF_CUE_RE = /\b(?:i am|i'm|i’m|im|this is|it's|it’s|it is|here is|here's)\b[ \t]*/gi;
/** Sign-offs: the next line (or the rest of this one after a comma) carries the name. */
const SIGNOFF_RE = /(?:^|\n)[ \t>]*(?:best regards|kind regards|warm regards|warmest regards|regards|best wishes|all the best|sincerely|sincerely yours|yours sincerely|yours truly|yours faithfully|yours|cheers|thanks|thank you|thanks again|many thanks|best|love|xoxo|cordialement|mit freundlichen grüßen|grüße|saludos|groeten|--|—|-)[ \t]*[,.!]?[ \t]*(?:\n[ \t>]*)?/gi;
/** A line that belongs to a contact block (phone, e-mail, "Tel:", a long digit run). */
const CONTACT_LINE = /@|\b(?:phone|mobile|tel|fax|desk|e-?mail|cell)\b|\d{5}/i;

interface NameWord {
  token: Token;
  lower: string;
  /** Title case with a lowercase letter ("Ana", "McKay", "O'Neil"); all-caps words are not counted. */
  cap: boolean;
  initial: boolean;
}

/** Is the first character an upper-case letter? (Cheaper than a Unicode regex on every token.) */
function upperStart(s: string): boolean {
  const c = s.charCodeAt(0);
  if (c < 128) return c >= 65 && c <= 90;
  const ch = String.fromCodePoint(s.codePointAt(0)!);
  return ch !== ch.toLowerCase() && ch === ch.toUpperCase();
}

function hasLower(s: string): boolean {
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c >= 97 && c <= 122) return true;
    if (c >= 128 && HAS_LOWER.test(s[k])) return true;
  }
  return false;
}

/** Name facts of a token, computed once and kept on the token (the rules look at each token many times). */
const kWord = Symbol('nameWord');
type MemoToken = Token & { [kWord]?: NameWord | null };

function word(t: Token | undefined): NameWord | null {
  if (!t || t.kind !== 'word') return null;
  const memo = (t as MemoToken)[kWord];
  if (memo !== undefined) return memo;
  const lower = t.text.toLowerCase();
  const up = upperStart(t.text);
  const w: NameWord = { token: t, lower: stripPossessive(lower), cap: up && hasLower(t.text), initial: t.text.length === 1 && up };
  (t as MemoToken)[kWord] = w;
  return w;
}

function stripPossessive(lower: string): string {
  return lower.endsWith("'s") || lower.endsWith('’s') ? lower.slice(0, -2) : lower;
}

/** End offset of a name token, without a possessive "'s". */
function nameEnd(t: Token): number {
  return /['’]s$/i.test(t.text) ? t.end - 2 : t.end;
}

/** Could this token be part of a name (surname, middle name)? */
function surnameLike(w: NameWord | null): boolean {
  return !!w && w.cap && !NOT_NAME.has(w.lower) && w.lower.length >= 2;
}

/**
 * Extends a name from token `i` (the first name token, already accepted) to the right over surname-like tokens,
 * initials ("J." / "J"), particles followed by a capitalised word, and one trailing suffix ("Jr.", "MD").
 * Returns the index of the last name token and how many tokens were added.
 */
function extend(tokens: readonly Token[], i: number, max = 3): { last: number; added: number } {
  let last = i;
  let added = 0;
  let j = i + 1;
  while (j < tokens.length && added < max) {
    const t = tokens[j];
    if (!t.tightBefore) break;
    const w = word(t);
    if (!w) break;
    if (w.initial) {
      // "Ana M. Souza" / "Ana M Souza": an initial must be followed by another name word.
      const dot = tokens[j + 1]?.text === '.' && tokens[j + 1].start === t.end;
      const k = dot ? j + 2 : j + 1;
      const next = word(tokens[k]);
      if (!next || !tokens[k].tightBefore || !surnameLike(next)) break;
      last = k;
      added += 2;
      j = k + 1;
      continue;
    }
    if (NAME_PARTICLES.has(w.lower) && !w.cap) {
      const next = word(tokens[j + 1]);
      if (!next || !tokens[j + 1].tightBefore || !surnameLike(next)) break;
      last = j + 1;
      added += 2;
      j += 2;
      continue;
    }
    if (NAME_SUFFIXES.has(w.lower) && added > 0) {
      last = tokens[j + 1]?.text === '.' && tokens[j + 1].start === t.end ? j + 1 : j;
      break;
    }
    if (!surnameLike(w) || ORG_SUFFIXES.has(w.lower) || STREET_WORDS.has(w.lower) || PRODUCT_WORDS.has(w.lower)) break;
    last = j;
    added++;
    j++;
  }
  return { last, added };
}

/** A line whose words are mostly capitalised (titles, product names, headlines) gives capitalisation no weight. */
function titleCaseLines(tokens: readonly Token[]): Set<number> {
  const flagged = new Set<number>();
  let lineFirst = 0;
  const close = (endExclusive: number) => {
    let words = 0;
    let caps = 0;
    for (let k = lineFirst; k < endExclusive; k++) {
      const w = word(tokens[k]);
      if (!w || w.token.text.length < 3) continue;
      words++;
      if (upperStart(w.token.text)) caps++;
    }
    if (words >= 5 && caps >= 4 && caps / words > 0.6) for (let k = lineFirst; k < endExclusive; k++) flagged.add(k);
  };
  for (let k = 1; k <= tokens.length; k++) {
    if (k === tokens.length || tokens[k].lineStart) {
      close(k);
      lineFirst = k;
    }
  }
  return flagged;
}

function push(out: PiiSpan[], tokens: readonly Token[], first: number, last: number, score: number, detector: string): void {
  out.push({ start: tokens[first].start, end: nameEnd(tokens[last]), type: 'PERSON', score, detector });
}

/** Lowercase words after a strong cue ("my name is ana souza and …"): up to 3, stopping at function words. */
function lowercaseRun(tokens: readonly Token[], i: number): number {
  let last = -1;
  for (let j = i; j < tokens.length && j < i + 3; j++) {
    const w = word(tokens[j]);
    if (!w || (j > i && !tokens[j].tightBefore) || NOT_NAME.has(w.lower) || w.lower.length < 2) break;
    last = j;
  }
  return last;
}

/** Does an organisation word follow the name, directly or after a ", X and Y" list ("Johnson Inc.", "Lopez, Santos and Coleman Group")? */
function orgFollows(tokens: readonly Token[], last: number): boolean {
  let j = last + 1;
  for (let hops = 0; hops < 6 && j < tokens.length; hops++) {
    const t = tokens[j];
    const w = word(t);
    if (w && (ORG_SUFFIXES.has(w.lower) || (hops === 0 && w.cap && (STREET_WORDS.has(w.lower) || PRODUCT_WORDS.has(w.lower))))) return true;
    if (t.text === ',' || t.text === '&' || w?.lower === 'and' || (w && w.cap && !NOT_NAME.has(w.lower))) {
      j++;
      continue;
    }
    return false;
  }
  return false;
}

/** Indexes of the first token of every line. */
function lineStarts(tokens: readonly Token[]): number[] {
  const out: number[] = [];
  tokens.forEach((t, i) => {
    if (t.lineStart) out.push(i);
  });
  return out;
}

/** Is there an empty line (only spaces and quote markers) right before this offset? */
function isBlankBefore(text: string, offset: number): boolean {
  const lineStart = text.lastIndexOf('\n', offset - 1);
  if (lineStart <= 0) return true;
  const prevLineStart = text.lastIndexOf('\n', lineStart - 1);
  return /^[ \t>]*$/.test(text.slice(prevLineStart + 1, lineStart));
}

export const personDetector: PiiDetector = {
  type: 'PERSON',
  detect(text) {
    const tokens = tokenize(text);
    if (!tokens.length) return [];
    const out: PiiSpan[] = [];
    const titled = titleCaseLines(tokens);
    const claimed = new Uint8Array(tokens.length);
    const claim = (a: number, b: number) => claimed.fill(1, a, b + 1);

    // 1. Titles: "Mr. Smith", "Dr Ana Souza".
    for (let i = 0; i < tokens.length; i++) {
      const w = word(tokens[i]);
      if (!w || !upperStart(w.token.text) || !HONORIFICS.has(w.lower)) continue;
      let j = i + 1;
      if (tokens[j]?.text === '.' && tokens[j].start === tokens[i].end) j++;
      const first = word(tokens[j]);
      if (!first || !tokens[j] || tokens[j].start - tokens[j - 1].end > 2 || !(first.cap || first.initial) || NOT_NAME.has(first.lower)) continue;
      let end = j;
      if (first.initial) {
        // "Mr. J. Smith": the initial needs a surname after it.
        const k = tokens[j + 1]?.text === '.' && tokens[j + 1].start === tokens[j].end ? j + 2 : j + 1;
        if (!tokens[k]?.tightBefore || !surnameLike(word(tokens[k]))) continue;
        end = extend(tokens, k).last;
      } else end = extend(tokens, j).last;
      if (orgFollows(tokens, end)) continue;
      push(out, tokens, j, end, 0.85, 'person-title');
      claim(j, end);
    }

    // 2. Strong cues: "my name is Ana Souza" / "name: ana souza".
    for (const m of text.matchAll(STRONG_CUE_RE)) {
      const i = tokenAt(tokens, m.index + m[0].length);
      const w = word(tokens[i]);
      if (!w || claimed[i] || NOT_NAME.has(w.lower)) continue;
      if (w.cap || w.initial) {
        const { last } = extend(tokens, i);
        push(out, tokens, i, last, 0.85, 'person-cue');
        claim(i, last);
      } else {
        // Lowercase names only after a "name" cue ("name: ana souza"), not after "call me" or "signed".
        if (!/name/i.test(m[0])) continue;
        const last = lowercaseRun(tokens, i);
        if (last < 0) continue;
        const gaz = firstNameAmbiguity(w.lower);
        push(out, tokens, i, last, gaz !== null && gaz < 2 ? 0.7 : 0.55, 'person-cue');
        claim(i, last);
      }
    }

    // 3. Greetings and person-specific cues ("Dear Ana", "spoke to Ana Souza"), then mail headers ("From: Ana Souza").
    const cued = (rx: RegExp, weak: boolean) => {
      for (const m of text.matchAll(rx)) {
        const i = tokenAt(tokens, m.index + m[0].length);
        const w = word(tokens[i]);
        if (!w || claimed[i] || !w.cap || NOT_NAME.has(w.lower) || titled.has(i)) continue;
        const gaz = firstNameAmbiguity(w.lower);
        const { last, added } = extend(tokens, i);
        if (orgFollows(tokens, last)) continue;
        let score: number;
        if (gaz !== null && gaz < 2) score = weak ? 0.7 : 0.8;
        else if (weak) score = added > 0 ? 0.6 : 0;
        else score = added > 0 || gaz !== null ? 0.7 : 0.6;
        if (score <= 0) continue;
        push(out, tokens, i, last, score, 'person-cue');
        claim(i, last);
      }
    };
    cued(GREETING_CUE_RE, false);
    cued(HEADER_CUE_RE, true);

    // 4. Introductions: "I'm Ana" (gazetteer name) or "this is Ana Souza" (two name words).
    for (const m of text.matchAll(SELF_CUE_RE)) {
      const i = tokenAt(tokens, m.index + m[0].length);
      const w = word(tokens[i]);
      if (!w || claimed[i] || !w.cap || NOT_NAME.has(w.lower) || titled.has(i)) continue;
      const gaz = firstNameAmbiguity(w.lower);
      const { last, added } = extend(tokens, i);
      if (orgFollows(tokens, last)) continue;
      if (gaz !== null && gaz < 2) push(out, tokens, i, last, 0.75, 'person-cue');
      else if (added > 0) push(out, tokens, i, last, 0.6, 'person-cue');
      else continue;
      claim(i, last);
    }

    // 5. Sign-offs: "Best regards,\nAna Souza".
    for (const m of text.matchAll(SIGNOFF_RE)) {
      const i = tokenAt(tokens, m.index + m[0].length);
      const w = word(tokens[i]);
      if (!w || claimed[i] || !w.cap || NOT_NAME.has(w.lower)) continue;
      const { last } = extend(tokens, i);
      const wholeLine = last + 1 >= tokens.length || tokens[last + 1].lineStart;
      if (!wholeLine && firstNameAmbiguity(w.lower) === null) continue;
      if (orgFollows(tokens, last)) continue;
      push(out, tokens, i, last, wholeLine ? 0.8 : 0.65, 'person-signoff');
      claim(i, last);
    }

    // 6. Letterheads and signature blocks: the first line of a block is only 2–3 name words and a contact line
    //    (phone, e-mail, a long number) follows within 6 lines ("Ana Souza\nAcme Ltd\nPhone: …").
    const lines = lineStarts(tokens);
    for (let n = 0; n < lines.length; n++) {
      const i = lines[n];
      const blockStart = n === 0 || /\n[ \t>]*\n/.test(text.slice(tokens[lines[n - 1]].start, tokens[i].start).replace(/^[^\n]*/, '')) || isBlankBefore(text, tokens[i].start);
      if (!blockStart || claimed[i]) continue;
      const w = word(tokens[i]);
      if (!w || !w.cap || NOT_NAME.has(w.lower)) continue;
      const { last, added } = extend(tokens, i);
      const lineEnd = n + 1 < lines.length ? lines[n + 1] - 1 : tokens.length - 1;
      if (added < 1 || last !== lineEnd || orgFollows(tokens, last)) continue;
      const after = text.slice(tokens[last].end, tokens[Math.min(tokens.length - 1, lines[Math.min(lines.length - 1, n + 6)] ?? last)].end);
      if (!CONTACT_LINE.test(after)) continue;
      push(out, tokens, i, last, firstNameAmbiguity(w.lower) === null ? 0.6 : 0.75, 'person-letterhead');
      claim(i, last);
    }

    // 7. Speaker labels in transcripts: "Nicole: Remember me?" (gazetteer names only; "Pros:" is not a person).
    for (const i of lines) {
      const w = word(tokens[i]);
      const colon = tokens[i + 1];
      if (!w || claimed[i] || !w.cap || !colon || colon.text !== ':' || colon.start !== tokens[i].end || NOT_SPEAKER.has(w.lower) || NOT_NAME.has(w.lower)) continue;
      const gaz = firstNameAmbiguity(w.lower);
      if (gaz === null || gaz === 2) continue;
      push(out, tokens, i, i, 0.7, 'person-speaker');
      claim(i, i);
    }

    // 8. Gazetteer first names, with or without a surname; "First I. Last" without the gazetteer.
    for (let i = 0; i < tokens.length; i++) {
      if (claimed[i] || titled.has(i)) continue;
      const w = word(tokens[i]);
      if (!w || !w.cap || NOT_NAME.has(w.lower)) continue;
      const prev = tokens[i - 1];
      if (prev && (prev.text === '@' || prev.text === '#') && prev.end === tokens[i].start) continue;
      const prevWord = word(prev);
      if (prevWord?.lower === 'the') continue;
      // "149 Monika Union", "Joaquin Suarez 2906": a house number next to it makes it a street.
      if (prev?.kind === 'num' && tokens[i].tightBefore) continue;
      const gaz = firstNameAmbiguity(w.lower);
      const { last, added } = extend(tokens, i);
      const next = tokens[last + 1];
      if (next?.kind === 'num' && next.tightBefore) continue;
      if (orgFollows(tokens, last)) continue;
      const wholeLine = tokens[i].lineStart && (last + 1 >= tokens.length || tokens[last + 1].lineStart);
      if (gaz !== null) {
        // A lone name right after another capitalised word is the tail of a longer proper noun ("Credit Karma").
        if (added === 0 && prevWord && upperStart(prevWord.token.text) && tokens[i].tightBefore && !tokens[i - 1].sentenceStart) continue;
        let score: number;
        if (added > 0) score = gaz === 0 ? 0.8 : gaz === 1 ? 0.65 : 0.55;
        else if (tokens[i].sentenceStart) score = gaz === 0 ? 0.5 : 0;
        else if (prevWord && PLACE_PREPOSITIONS.has(prevWord.lower)) score = gaz === 0 ? 0.45 : 0;
        else score = gaz === 0 ? 0.6 : gaz === 1 ? 0.4 : 0;
        if (wholeLine && added > 0) score = Math.max(score, 0.75);
        if (score <= 0) continue;
        push(out, tokens, i, last, score, 'person-gazetteer');
        claim(i, last);
      } else if (added >= 2 && tokens.slice(i + 1, last + 1).some((t) => t.text.length === 1 && upperStart(t.text))) {
        push(out, tokens, i, last, 0.65, 'person-initial');
        claim(i, last);
      }
    }

    // 9. Repeats: a name word already found (score ≥ 0.65, not a gazetteer-ambiguous word) elsewhere in the text.
    const known = new Set<string>();
    for (const s of out) {
      if (s.score < 0.65) continue;
      for (const t of tokens.slice(tokenAt(tokens, s.start), tokenAt(tokens, s.end))) {
        const w = word(t);
        if (w && w.cap && w.lower.length >= 3 && !NOT_NAME.has(w.lower) && (firstNameAmbiguity(w.lower) ?? 0) === 0) known.add(w.lower);
      }
    }
    if (known.size) {
      for (let i = 0; i < tokens.length; i++) {
        if (claimed[i]) continue;
        const w = word(tokens[i]);
        if (!w || !w.cap || !known.has(w.lower)) continue;
        const { last } = extend(tokens, i);
        push(out, tokens, i, last, 0.6, 'person-repeat');
        claim(i, last);
      }
    }
    return out.filter((s) => s.end > s.start);
  },
};
