/**
 * The classic API's response envelope (Jaeger's `structuredResponse`): `{data, total, limit, offset, errors}`. `total`
 * is filled only by the services and operations routes; `limit` and `offset` are always 0; `errors` is null on success.
 * An error entry is `{code?, msg, traceID?}`: `code` is left out for per-trace errors of a multi-get.
 */
export interface V1Error {
  code?: number;
  msg: string;
  traceID?: string;
}

export interface V1Envelope {
  data: unknown;
  total: number;
  limit: number;
  offset: number;
  errors: V1Error[] | null;
}

export function v1Envelope(data: unknown, total = 0, errors: V1Error[] | null = null): V1Envelope {
  return { data, total, limit: 0, offset: 0, errors };
}

export function v1ErrorEnvelope(code: number, msg: string): V1Envelope {
  return v1Envelope(null, 0, [{ code, msg }]);
}
