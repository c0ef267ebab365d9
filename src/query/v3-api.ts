/**
 * The api_v3 HTTP gateway under `<basePath>/api/v3` (grpc-gateway JSON shapes):
 * - `GET /services` → `{services: [...]}`;
 * - `GET /operations?service=&spanKind=` (alias `span_kind`) → `{operations: [{name, spanKind}]}`;
 * - `GET /traces/{traceId}?startTime=&endTime=&rawTraces=` → `{result: {resourceSpans}}` (OTLP/JSON), 404 if unknown;
 * - `GET /traces?query.…` → `{result: {resourceSpans}}` of every matching trace (empty when none);
 * - `GET /trace-summaries?query.…` → `{summaries: [...]}` (what the Jaeger UI v2.19+ search lists).
 * Errors are `{error: {httpCode, message}}` with 400, 404 or 500.
 */
import type { FastifyInstance } from 'fastify';
import { parseTraceId, type ResourceSpans, type Span } from '../model/index.js';
import { encodeOtlpJson } from '../translate/otlp/index.js';
import type { AdjustedTrace } from './adjusters/index.js';
import { BadRequestError, statusOfError } from './bad-request.js';
import { sendJson } from './json-reply.js';
import type { QueryContext } from './query-context.js';
import { addMetricsHook } from './query-metrics.js';
import { firstValue, resolveAlias, searchParamsOf } from './query-string.js';
import { summarizeTrace } from './trace-summary.js';
import { findOperations } from './v1-metadata-routes.js';
import { parseV3GetTrace, parseV3Search } from './v3-params.js';

const WARNINGS_ATTRIBUTE = '@jaeger@warnings';

export function v3ApiPlugin(ctx: QueryContext) {
  return async function v3Api(app: FastifyInstance): Promise<void> {
    addMetricsHook(app, ctx.metrics);
    app.setErrorHandler((err: Error, request, reply) => {
      const status = statusOfError(err);
      const message = err.message;
      if (status === 500) ctx.logger.error({ err, url: request.url }, 'query API v3 request failed');
      return sendJson(reply, status, v3Error(status, message), false);
    });
    app.setNotFoundHandler((request, reply) =>
      sendJson(reply, 404, v3Error(404, `404 page not found: ${request.method} ${request.url.split('?')[0]}`), false),
    );

    app.get('/services', { config: { operation: 'v3_get_services' } }, async (_request, reply) => {
      const services = [...(await ctx.reader.getServices())].sort();
      return sendJson(reply, 200, { services }, false);
    });

    app.get('/operations', { config: { operation: 'v3_get_operations' } }, async (request, reply) => {
      const params = searchParamsOf(request.url);
      const kind = resolveAlias(params, ['spanKind', 'span_kind']).value;
      const operations = await findOperations(ctx, firstValue(params, 'service'), kind);
      return sendJson(reply, 200, { operations: operations.map((op) => ({ name: op.name, spanKind: op.spanKind })) }, false);
    });

    app.get<{ Params: { traceId: string } }>(
      '/traces/:traceId',
      { config: { operation: 'v3_get_trace' } },
      async (request, reply) => {
        const traceId = parseTraceId(request.params.traceId);
        if (traceId === undefined) {
          throw new BadRequestError(`malformed parameter trace_id: ${JSON.stringify(request.params.traceId)} is not a trace ID`);
        }
        const get = parseV3GetTrace(searchParamsOf(request.url));
        const found = await ctx.traces.getTraces(
          [{ traceId, startTimeUnixNano: get.startTimeUnixNano, endTimeUnixNano: get.endTimeUnixNano }],
          get.raw,
        );
        const trace = found.get(traceId);
        if (trace === undefined) return sendJson(reply, 404, v3Error(404, 'trace not found'), false);
        return sendJson(reply, 200, { result: encodeOtlpJson({ resourceSpans: withWarnings(trace) }) }, false);
      },
    );

    app.get('/traces', { config: { operation: 'v3_find_traces' } }, async (request, reply) => {
      const search = parseV3Search(searchParamsOf(request.url));
      const traces = await ctx.traces.findTraces(search.query, search.raw);
      return sendJson(reply, 200, { result: encodeOtlpJson({ resourceSpans: traces.flatMap(withWarnings) }) }, false);
    });

    app.get('/trace-summaries', { config: { operation: 'v3_trace_summaries' } }, async (request, reply) => {
      const search = parseV3Search(searchParamsOf(request.url));
      const traces = await ctx.traces.findTraces(search.query, search.raw);
      return sendJson(reply, 200, { summaries: traces.map(summarizeTrace) }, false);
    });
  };
}

function v3Error(httpCode: number, message: string) {
  return { error: { httpCode, message } };
}

/**
 * The trace's resource groups, with adjuster warnings added to their spans as the `@jaeger@warnings` string-array
 * attribute, where Jaeger's OTLP output carries them. Spans with warnings are copied, not changed.
 */
function withWarnings({ trace, warnings }: AdjustedTrace): ResourceSpans[] {
  if (warnings.size === 0) return trace.resourceSpans;
  return trace.resourceSpans.map((rs) => ({
    ...rs,
    scopeSpans: rs.scopeSpans.map((ss) => ({ ...ss, spans: ss.spans.map((span) => annotate(span, warnings.get(span))) })),
  }));
}

function annotate(span: Span, list: string[] | undefined): Span {
  if (list === undefined) return span;
  const value = { type: 'array' as const, value: list.map((w) => ({ type: 'string' as const, value: w })) };
  return { ...span, attributes: [...span.attributes, { key: WARNINGS_ATTRIBUTE, value }] };
}
