/**
 * Where a react-admin resource lives on the API. Core resources are `/api/<name>`; a plugin resource is named
 * `<plugin>/<resource>` (e.g. `catalog/products`) and lives under `/api/plugins/<plugin>/<resource>`.
 */
export function resourceUrl(resource: string): string {
  const [head, ...rest] = resource.split('/');
  return rest.length > 0 ? `/api/plugins/${head}/${rest.join('/')}` : `/api/${head}`;
}

export function recordUrl(resource: string, id: string | number): string {
  return `${resourceUrl(resource)}/${encodeURIComponent(String(id))}`;
}

/** Total from `Content-Range: <resource> 0-24/<total>`; falls back to the page length when absent. */
export function totalFromContentRange(header: string | null, fallback: number): number {
  const match = header ? /\/(\d+)\s*$/.exec(header) : null;
  return match ? Number(match[1]) : fallback;
}
