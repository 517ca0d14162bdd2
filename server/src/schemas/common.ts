import { Type, type TSchema } from 'typebox';

/** Shared shapes, registered once with addSchema and referenced by $ref. */
export const ErrorSchema = Type.Object({
  statusCode: Type.Integer(),
  code: Type.String(),
  error: Type.String(),
  message: Type.String(),
  details: Type.Optional(Type.Unknown()),
  requestId: Type.String(),
}, { $id: 'Error', description: 'Every error response' });

export const ErrorRef = Type.Ref('Error');

/** Error statuses a route can answer with, for OpenAPI (GrowthBook's possibleErrors). */
export function errors(...codes: number[]): Record<number, TSchema> {
  return Object.fromEntries(codes.map((c) => [c, ErrorRef]));
}

export const STANDARD_ERRORS = [400, 401, 403, 429, 500] as const;

export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) });

/** ra-data-simple-rest list query: sort=["field","ASC"]&range=[0,24]&filter={...} */
export const ListQuery = Type.Object({
  sort: Type.Optional(Type.String({ maxLength: 200, description: 'JSON ["field","ASC"|"DESC"]' })),
  range: Type.Optional(Type.String({ maxLength: 100, description: 'JSON [start,end] inclusive' })),
  filter: Type.Optional(Type.String({ maxLength: 2000, description: 'JSON object of field filters; "q" is full-text' })),
});

export const DateTime = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);
