import { format } from 'node:util';
import { CoreErrors, type CoreErrorCode, type ErrorDefinition, type LogLevel } from './catalog.ts';

/** Every error the platform raises on purpose. Carries its HTTP status, code, log level and optional details. */
export class AppError extends Error {
  override name = 'AppError';
  readonly statusCode: number;
  readonly logLevel: LogLevel;
  constructor(readonly code: string, definition: ErrorDefinition, args: unknown[] = [], readonly details?: unknown) {
    super(format(definition.message, ...args));
    this.statusCode = definition.statusCode;
    this.logLevel = definition.logLevel;
  }
}

/** Builds a core error from the catalogue: `coreError('CORE_ERR_NOT_FOUND', ['User'])`. */
export function coreError(code: CoreErrorCode, args: unknown[] = [], details?: unknown): AppError {
  return new AppError(code, CoreErrors[code], args, details);
}

/** Returns a factory bound to a plugin's own catalogue. */
export function errorFactory<T extends Record<string, ErrorDefinition>>(catalog: T) {
  return (code: keyof T & string, args: unknown[] = [], details?: unknown) => new AppError(code, catalog[code], args, details);
}
