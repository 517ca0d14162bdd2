import { IntKeyIndex } from './int-key-index.ts';

const KEY_LIMIT = 2 ** 52;

/**
 * Numbers the distinct combinations of several integer columns (column c holds codes 0 … cards[c] - 1) densely, in
 * order of first appearance: a mixed-radix key per row, renumbered whenever it would pass 2^52.
 */
export function denseIds(columns: readonly Int32Array[], cards: readonly number[], length: number): { ids: Int32Array; count: number } {
  const key = new Float64Array(length);
  const ids = new Int32Array(length);
  const index = new IntKeyIndex(length);
  const renumber = () => {
    index.reset();
    for (let i = 0; i < length; i++) key[i] = index.idOf(key[i]);
    return index.size;
  };
  let product = 1;
  columns.forEach((column, c) => {
    const card = cards[c];
    if (card <= 1) return;
    if (product * card >= KEY_LIMIT) product = renumber();
    for (let i = 0; i < length; i++) key[i] = key[i] * card + column[i];
    product *= card;
  });
  index.reset();
  for (let i = 0; i < length; i++) ids[i] = index.idOf(key[i]);
  return { ids, count: index.size };
}
