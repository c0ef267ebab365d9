/**
 * Calls to Ariadne's HTTP API (the Jaeger query API). Failures become an `ApiError` carrying the HTTP status and the
 * message the server gave (the classic `errors[].msg`, the api_v3 `error.message`, or the body text).
 */
import { appPath } from '../app/config.js';
import type { DependencyLink, JaegerEnvelope, JaegerTrace } from '../lib/jaeger-types.js';
import { readTraceLines } from '../lib/trace-lines.js';
import type { Trace } from '../lib/trace-model.js';

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly url: string,
  ) {
    super(message);
  }
}

/** GETs `path` (below the base path); a failure becomes an ApiError with the server's message. */
async function fetchOk(path: string, accept: string, signal?: AbortSignal): Promise<Response> {
  const url = appPath(path);
  let res: Response;
  try {
    res = await fetch(url, { credentials: 'same-origin', headers: { accept }, signal: signal ?? null });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(`the query service did not answer (${(err as Error).message})`, 0, url);
  }
  if (!res.ok) {
    const text = await res.text();
    throw new ApiError(errorMessage(text) || res.statusText, res.status, url);
  }
  // Benchmarks measure from here ("the data has arrived") to the first rendered timeline.
  performance.mark('ariadne:response', { detail: path });
  return res;
}

export async function fetchJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const res = await fetchOk(path, 'application/json', signal);
  try {
    // res.json() parses from bytes without building a string first.
    const parsed = (await res.json()) as T;
    performance.mark('ariadne:parsed', { detail: path });
    return parsed;
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError('the answer is not JSON', res.status, res.url);
  }
}

function errorMessage(body: string): string {
  try {
    const json = JSON.parse(body) as { errors?: Array<{ msg?: string }>; error?: { message?: string } };
    if (Array.isArray(json.errors) && json.errors.length > 0) return json.errors.map((e) => e.msg ?? '').join('; ');
    if (json.error?.message) return json.error.message;
  } catch {
    // plain text
  }
  return body.trim().slice(0, 500);
}

export async function getServices(signal?: AbortSignal): Promise<string[]> {
  const env = await fetchJson<JaegerEnvelope<string[] | null>>('/api/services', signal);
  return env.data ?? [];
}

export interface OperationInfo {
  name: string;
  spanKind: string;
}

export async function getOperations(service: string, signal?: AbortSignal): Promise<OperationInfo[]> {
  const env = await fetchJson<JaegerEnvelope<OperationInfo[] | null>>(`/api/operations?service=${encodeURIComponent(service)}`, signal);
  return env.data ?? [];
}

export async function searchTraces(params: URLSearchParams, signal?: AbortSignal): Promise<JaegerTrace[]> {
  const env = await fetchJson<JaegerEnvelope<JaegerTrace[] | null>>(`/api/traces?${params.toString()}`, signal);
  return env.data ?? [];
}

/**
 * A stored trace as the UI's model, loaded in the compact format of `/api/ui/traces/{id}`: the promise resolves once
 * the header line is in (the timeline can be drawn); attributes follow (`trace.detailsReady`).
 */
export async function getTraceModel(id: string, signal?: AbortSignal): Promise<Trace> {
  const path = `/api/ui/traces/${encodeURIComponent(id)}`;
  performance.mark('ariadne:request', { detail: path });
  const res = await fetchOk(path, 'application/x-ndjson', signal);
  if (res.body === null) throw new ApiError('the answer has no body', res.status, res.url);
  try {
    return await readTraceLines(res.body, {
      onHeader: () => performance.mark('ariadne:header', { detail: path }),
      onComplete: () => performance.mark('ariadne:received', { detail: path }),
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(`the trace could not be read: ${(err as Error).message}`, res.status, res.url);
  }
}

/** A stored trace in the Jaeger JSON of `/api/traces/{id}` (the raw JSON view). */
export async function getTrace(id: string, signal?: AbortSignal): Promise<JaegerTrace> {
  const env = await fetchJson<JaegerEnvelope<JaegerTrace[] | null>>(`/api/traces/${encodeURIComponent(id)}`, signal);
  const trace = env.data?.[0];
  if (trace === undefined) throw new ApiError('trace not found', 404, `/api/traces/${id}`);
  return trace;
}

export async function getDependencies(endTsMs: number, lookbackMs: number, signal?: AbortSignal): Promise<DependencyLink[]> {
  const env = await fetchJson<JaegerEnvelope<DependencyLink[] | null> | DependencyLink[]>(
    `/api/dependencies?endTs=${Math.floor(endTsMs)}&lookback=${Math.floor(lookbackMs)}`,
    signal,
  );
  return Array.isArray(env) ? env : (env.data ?? []);
}
