/**
 * Classic API trace routes, answering in the Jaeger UI trace JSON:
 * - `GET /api/traces?…` search (parameters in `v1-search-params.ts`); with `traceID=` it fetches those traces instead,
 *   listing each missing one in `errors` as `{msg: "trace not found", traceID}` while still answering 200;
 * - `GET /api/traces/{traceID}?start=&end=&raw=` → `data: [trace]`, or 404 `trace not found`.
 */
import type { FastifyInstance } from 'fastify';
import { parseTraceId, toJaegerTraceId } from '../model/index.js';
import { traceToUi } from '../translate/jaeger-ui-json/index.js';
import type { AdjustedTrace } from './adjusters/index.js';
import { BadRequestError } from './bad-request.js';
import { parseGoBool, parseGoInt } from './go-strconv.js';
import { sendJson, wantsPrettyPrint } from './json-reply.js';
import type { QueryContext } from './query-context.js';
import { firstValue, searchParamsOf } from './query-string.js';
import { v1Envelope, v1ErrorEnvelope, type V1Error } from './v1-envelope.js';
import { parseV1Search } from './v1-search-params.js';

const TRACE_NOT_FOUND = 'trace not found';

export function registerV1TraceRoutes(app: FastifyInstance, ctx: QueryContext): void {
  app.get('/traces', { config: { operation: 'find_traces' } }, async (request, reply) => {
    const params = searchParamsOf(request.url);
    const search = parseV1Search(params, ctx.nowNs(), ctx.defaultSearchLookbackNs);
    const pretty = wantsPrettyPrint(params);
    if (search.traceIds.length === 0) {
      const traces = await ctx.traces.findTraces(search.query, search.raw);
      return sendJson(reply, 200, v1Envelope(traces.map(toUi)), pretty);
    }
    const found = await ctx.traces.getTraces(
      search.traceIds.map((traceId) => ({ traceId, startTimeUnixNano: search.startHint, endTimeUnixNano: search.endHint })),
      search.raw,
    );
    const data = [];
    const errors: V1Error[] = [];
    for (const id of new Set(search.traceIds)) {
      const trace = found.get(id);
      if (trace === undefined) errors.push({ msg: TRACE_NOT_FOUND, traceID: toJaegerTraceId(id) });
      else data.push(toUi(trace));
    }
    return sendJson(reply, 200, v1Envelope(data, 0, errors.length > 0 ? errors : null), pretty);
  });

  app.get<{ Params: { traceID: string } }>(
    '/traces/:traceID',
    { config: { operation: 'get_trace' } },
    async (request, reply) => {
      const params = searchParamsOf(request.url);
      const pretty = wantsPrettyPrint(params);
      const text = request.params.traceID;
      const traceId = parseTraceId(text);
      if (traceId === undefined) {
        // An all-zero id is well-formed for Jaeger; it just never exists.
        if (/^0{1,32}$/.test(text)) return sendJson(reply, 404, v1ErrorEnvelope(404, TRACE_NOT_FOUND), pretty);
        throw new BadRequestError(`unable to parse param 'traceID': ${JSON.stringify(text)} is not a trace ID (1 to 32 hex digits)`);
      }
      const start = optionalMicros(params, 'start');
      const end = optionalMicros(params, 'end');
      const rawText = firstValue(params, 'raw');
      const raw = rawText === '' ? false : unwrapBool('raw', parseGoBool(rawText));
      const found = await ctx.traces.getTraces([{ traceId, startTimeUnixNano: start, endTimeUnixNano: end }], raw);
      const trace = found.get(traceId);
      if (trace === undefined) return sendJson(reply, 404, v1ErrorEnvelope(404, TRACE_NOT_FOUND), pretty);
      return sendJson(reply, 200, v1Envelope([toUi(trace)]), pretty);
    },
  );
}

function toUi(adjusted: AdjustedTrace) {
  return traceToUi(adjusted.trace, adjusted.warnings);
}

function optionalMicros(params: URLSearchParams, name: string): bigint | undefined {
  const text = firstValue(params, name);
  if (text === '') return undefined;
  const value = parseGoInt(text, 64);
  if (value instanceof Error) throw new BadRequestError(`unable to parse param '${name}': ${value.message}`);
  return value * 1000n;
}

function unwrapBool(name: string, value: boolean | Error): boolean {
  if (value instanceof Error) throw new BadRequestError(`unable to parse param '${name}': ${value.message}`);
  return value;
}
