import { readFileSync, existsSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { createReadStream } from 'node:fs';
import readline from 'node:readline';
import path from 'node:path';
import type { PiiEntityType, PiiSpan } from '../../privacy/src/pii-text/index.ts';

/** A labelled message: gold spans use our entity types; `ignored` marks gold spans of types we do not detect. */
export interface LabelledText {
  text: string;
  gold: { start: number; end: number; type: PiiEntityType }[];
  /** presidio template id (for the dev/held-out split); -1 for other corpora. */
  group: number;
}

/** presidio-research label → ours. Labels not listed (ORGANIZATION, GPE, DATE_TIME, TITLE, AGE, NRP, DOMAIN_NAME, US_SSN, US_DRIVER_LICENSE) are out of scope and left out of the gold. */
export const PRESIDIO_LABELS: Readonly<Record<string, PiiEntityType>> = {
  PERSON: 'PERSON',
  EMAIL_ADDRESS: 'EMAIL',
  PHONE_NUMBER: 'PHONE',
  CREDIT_CARD: 'CREDIT_CARD',
  IBAN_CODE: 'IBAN',
  IP_ADDRESS: 'IP_ADDRESS',
  STREET_ADDRESS: 'ADDRESS',
  ZIP_CODE: 'ADDRESS',
};

export function datasetsDir(root: string): string {
  return path.resolve(root, process.env.LOCKSTEP_DATASETS_DIR ?? path.join('..', 'shared', 'datasets'));
}

export function loadPresidio(dir: string): LabelledText[] {
  const file = path.join(dir, 'presidio_synth_pii', 'synth_dataset_v2.json');
  if (!existsSync(file)) throw new Error(`presidio_synth_pii not found at ${file} (set LOCKSTEP_DATASETS_DIR)`);
  const rows = JSON.parse(readFileSync(file, 'utf8')) as { full_text: string; template_id: number; spans: { entity_type: string; start_position: number; end_position: number }[] }[];
  return rows.map((r) => ({
    text: r.full_text,
    group: r.template_id,
    gold: r.spans.filter((s) => PRESIDIO_LABELS[s.entity_type]).map((s) => ({ start: s.start_position, end: s.end_position, type: PRESIDIO_LABELS[s.entity_type] })),
  }));
}

/**
 * WNUT-17 CoNLL file → one text per sentence (tokens joined by single spaces, so offsets are exact) with its
 * `person` spans as PERSON gold. Sentences end at an empty line or a line holding only a tab.
 */
export function loadWnut(dir: string, file: string): LabelledText[] {
  const full = path.join(dir, 'wnut17_emerging_entities', file);
  if (!existsSync(full)) throw new Error(`WNUT-17 file not found at ${full} (set LOCKSTEP_DATASETS_DIR)`);
  const out: LabelledText[] = [];
  let toks: { t: string; tag: string }[] = [];
  const flush = () => {
    if (!toks.length) return;
    let text = '';
    const gold: LabelledText['gold'] = [];
    let open: { start: number; end: number } | null = null;
    for (const { t, tag } of toks) {
      if (text) text += ' ';
      const start = text.length;
      text += t;
      if (tag === 'B-person' || (tag === 'I-person' && !open)) {
        if (open) gold.push({ ...open, type: 'PERSON' });
        open = { start, end: text.length };
      } else if (tag === 'I-person' && open) open.end = text.length;
      else if (open) {
        gold.push({ ...open, type: 'PERSON' });
        open = null;
      }
    }
    if (open) gold.push({ ...open, type: 'PERSON' });
    out.push({ text, gold, group: -1 });
    toks = [];
  };
  for (const line of readFileSync(full, 'utf8').split('\n')) {
    if (line.trim() === '') {
      flush();
      continue;
    }
    const parts = line.split('\t');
    toks.push({ t: parts[0], tag: (parts[parts.length - 1] ?? 'O').trim() });
  }
  flush();
  return out;
}

/** Review texts of the Amazon Musical Instruments 5-core file (real text, no PII labels: a false-alarm probe). */
export async function loadReviews(dir: string, limit: number): Promise<string[]> {
  const file = path.join(dir, 'amazon_musical_instruments_5core', 'reviews_Musical_Instruments_5.json.gz');
  if (!existsSync(file)) throw new Error(`amazon_musical_instruments_5core not found at ${file} (set LOCKSTEP_DATASETS_DIR)`);
  const texts: string[] = [];
  for await (const line of readline.createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity })) {
    if (!line.trim()) continue;
    const r = JSON.parse(line) as { reviewText?: string };
    if (r.reviewText) texts.push(r.reviewText);
    if (texts.length >= limit) break;
  }
  return texts;
}

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

export interface TypeScores {
  type: string;
  gold: number;
  predicted: number;
  exact: Counts;
  /** Overlap: a prediction is right if it overlaps a gold span of its type; a gold span is found if a prediction of its type overlaps it. */
  overlap: { precisionHits: number; recallHits: number };
}

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start < b.end && b.start < a.end;

/**
 * Span-level scores per entity type, two ways:
 * - exact: same start, end and type (one-to-one);
 * - overlap: P = share of predictions overlapping ≥ 1 gold span of the same type, R = share of gold spans overlapped
 *   by ≥ 1 prediction of the same type (not one-to-one: one long prediction may cover several gold fragments).
 * Also a type-agnostic row (`ANY`): would a redactor have covered the gold span with any prediction?
 */
export function score(items: readonly LabelledText[], predictions: readonly PiiSpan[][], types: readonly string[]): TypeScores[] {
  const rows = new Map<string, TypeScores>();
  const row = (t: string) => {
    let r = rows.get(t);
    if (!r) rows.set(t, (r = { type: t, gold: 0, predicted: 0, exact: { tp: 0, fp: 0, fn: 0 }, overlap: { precisionHits: 0, recallHits: 0 } }));
    return r;
  };
  for (const t of types) row(t);
  const any = row('ANY');
  items.forEach((item, i) => {
    const pred = predictions[i].filter((p) => types.includes(p.type));
    for (const t of types) {
      const g = item.gold.filter((s) => s.type === t);
      const p = pred.filter((s) => s.type === t);
      const r = row(t);
      r.gold += g.length;
      r.predicted += p.length;
      const exactHits = p.filter((s) => g.some((x) => x.start === s.start && x.end === s.end)).length;
      r.exact.tp += exactHits;
      r.exact.fp += p.length - exactHits;
      r.exact.fn += g.length - exactHits;
      r.overlap.precisionHits += p.filter((s) => g.some((x) => overlaps(s, x))).length;
      r.overlap.recallHits += g.filter((x) => p.some((s) => overlaps(s, x))).length;
    }
    const gAll = item.gold.filter((s) => types.includes(s.type));
    any.gold += gAll.length;
    any.predicted += pred.length;
    const exactAny = pred.filter((s) => gAll.some((x) => x.start === s.start && x.end === s.end)).length;
    any.exact.tp += exactAny;
    any.exact.fp += pred.length - exactAny;
    any.exact.fn += gAll.length - exactAny;
    any.overlap.precisionHits += pred.filter((s) => gAll.some((x) => overlaps(s, x))).length;
    any.overlap.recallHits += gAll.filter((x) => pred.some((s) => overlaps(s, x))).length;
  });
  return [...rows.values()];
}

export interface Prf {
  p: number | null;
  r: number | null;
  f1: number | null;
}

export function prf(tpP: number, predicted: number, tpR: number, gold: number): Prf {
  const p = predicted ? tpP / predicted : null;
  const r = gold ? tpR / gold : null;
  const f1 = p !== null && r !== null && p + r > 0 ? (2 * p * r) / (p + r) : p === null || r === null ? null : 0;
  return { p, r, f1 };
}

export function summarise(rows: readonly TypeScores[]) {
  return rows.map((r) => ({
    type: r.type,
    gold: r.gold,
    predicted: r.predicted,
    exact: prf(r.exact.tp, r.predicted, r.exact.tp, r.gold),
    overlap: prf(r.overlap.precisionHits, r.predicted, r.overlap.recallHits, r.gold),
  }));
}

const pct = (x: number | null) => (x === null ? '–' : (100 * x).toFixed(1));

export function markdownTable(title: string, rows: ReturnType<typeof summarise>): string {
  const lines = [`**${title}**`, '', '| type | gold | pred | exact P | exact R | exact F1 | overlap P | overlap R | overlap F1 |', '|---|---:|---:|---:|---:|---:|---:|---:|---:|'];
  for (const r of rows) lines.push(`| ${r.type} | ${r.gold} | ${r.predicted} | ${pct(r.exact.p)} | ${pct(r.exact.r)} | ${pct(r.exact.f1)} | ${pct(r.overlap.p)} | ${pct(r.overlap.r)} | ${pct(r.overlap.f1)} |`);
  return lines.join('\n');
}
