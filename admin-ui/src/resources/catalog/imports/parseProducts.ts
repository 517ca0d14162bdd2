/** Reads the import form's JSON: an array of product objects (1–5000), as `POST /imports {products}` wants. */
export function parseProducts(text: string): unknown[] | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'lockstep.validation.json';
  }
  if (!Array.isArray(value) || value.length === 0) return 'lockstep.validation.products';
  if (value.length > 5000) return 'lockstep.validation.too_many_products';
  if (!value.every((row) => typeof row === 'object' && row !== null && !Array.isArray(row))) {
    return 'lockstep.validation.products';
  }
  return value;
}
