/**
 * A request the query API refuses with HTTP 400. The message names the parameter and says what is wrong, in Jaeger's
 * wording where Jaeger has one (`unable to parse param 'limit': …`, `parameter 'service' is required`).
 */
export class BadRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BadRequestError';
  }
}

export function isBadRequestError(err: unknown): err is BadRequestError {
  return err instanceof BadRequestError;
}

/** The HTTP status for an error a route threw: 400 for a refused parameter, a framework 4xx as is, else 500. */
export function statusOfError(err: unknown): number {
  if (err instanceof BadRequestError) return 400;
  const status = (err as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : 500;
}
