/** A word, number or punctuation token with its offsets and layout facts the name rules need. */
export interface Token {
  start: number;
  end: number;
  text: string;
  kind: 'word' | 'num' | 'punct';
  /** First token on its line. */
  lineStart: boolean;
  /** First token of a sentence (text start, after . ! ? or a line break). */
  sentenceStart: boolean;
  /** Only spaces or tabs (at most 2 characters) between the previous token and this one. */
  tightBefore: boolean;
}

/** Words: letters with inner apostrophes or hyphens ("O'Neil", "Anne-Marie"); numbers; any other single character. */
const TOKEN_RE = /([\p{L}\p{M}]+(?:['’\-][\p{L}\p{M}]+)*)|(\d+)|\S/gu;
const SENTENCE_END = new Set(['.', '!', '?', '…']);

/** One linear pass; a token's position in the array is its index for the rules. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let prevEnd = 0;
  let prev: Token | undefined;
  // Next line break at or after prevEnd (recomputed only when passed), so gaps are never sliced.
  let nextNewline = text.indexOf('\n');
  for (const m of text.matchAll(TOKEN_RE)) {
    const s = m[0];
    const kind: Token['kind'] = m[1] !== undefined ? 'word' : m[2] !== undefined ? 'num' : 'punct';
    while (nextNewline !== -1 && nextNewline < prevEnd) nextNewline = text.indexOf('\n', prevEnd);
    const newline = nextNewline !== -1 && nextNewline < m.index;
    const lineStart = !prev || newline;
    const token: Token = {
      start: m.index,
      end: m.index + s.length,
      text: s,
      kind,
      lineStart,
      sentenceStart: lineStart || (prev !== undefined && SENTENCE_END.has(prev.text)),
      // The gap holds only whitespace (every other character is a token): short and on one line means tight.
      tightBefore: !!prev && !newline && m.index - prevEnd <= 2,
    };
    tokens.push(token);
    prevEnd = token.end;
    prev = token;
  }
  return tokens;
}

/** Index of the first token starting at or after `offset` (binary search). */
export function tokenAt(tokens: readonly Token[], offset: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid].start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
