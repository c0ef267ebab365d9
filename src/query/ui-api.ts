/**
 * Routes for Ariadne's own web UI under `<basePath>/api/ui`, where the Jaeger API has no shape that fits a view:
 * - `GET /traces/{traceID}` → the trace in the compact line format of `ui-trace-lines.ts` (adjusted as
 *   `/api/traces/{id}` is), 404 `trace not found`, 400 for an id that is not 1 to 32 hex digits. The header line goes
 *   out first and the details lines follow in slices, yielding to the event loop between them, so the browser draws
 *   the timeline while the server is still writing attributes.
 * Errors use the classic envelope (`{data, errors: [{code, msg}]}`), which the UI already reads.
 */
import { Readable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import { parseTraceId } from '../model/index.js';
import { traceToUi } from '../translate/jaeger-ui-json/index.js';
import { BadRequestError, statusOfError } from './bad-request.js';
import { sendJson } from './json-reply.js';
import type { QueryContext } from './query-context.js';
import { addMetricsHook } from './query-metrics.js';
import { encodeUiTrace, type UiTraceEncoding } from './ui-trace-lines.js';
import { v1ErrorEnvelope } from './v1-envelope.js';

export const UI_TRACE_CONTENT_TYPE = 'application/x-ndjson; charset=utf-8';

/** Details lines per streamed slice. */
const SLICE = 4096;

export function uiApiPlugin(ctx: QueryContext) {
  return async function uiApi(app: FastifyInstance): Promise<void> {
    addMetricsHook(app, ctx.metrics);
    app.setErrorHandler((err: Error, request, reply) => {
      const status = statusOfError(err);
      if (status === 500) ctx.logger.error({ err, url: request.url }, 'UI API request failed');
      return sendJson(reply, status, v1ErrorEnvelope(status, err.message), false);
    });

    app.get<{ Params: { traceID: string } }>('/traces/:traceID', { config: { operation: 'ui_get_trace' } }, async (request, reply) => {
      const text = request.params.traceID;
      const traceId = parseTraceId(text);
      if (traceId === undefined) throw new BadRequestError(`unable to parse param 'traceID': ${JSON.stringify(text)} is not a trace ID (1 to 32 hex digits)`);
      const found = await ctx.traces.getTraces([{ traceId }], false);
      const trace = found.get(traceId);
      if (trace === undefined) return sendJson(reply, 404, v1ErrorEnvelope(404, 'trace not found'), false);
      const encoding = encodeUiTrace(traceToUi(trace.trace, trace.warnings));
      return reply.code(200).type(UI_TRACE_CONTENT_TYPE).send(Readable.from(streamLines(encoding), { objectMode: false }));
    });
  };
}

async function* streamLines(encoding: UiTraceEncoding): AsyncGenerator<string> {
  yield encoding.header;
  for (let from = 0; from < encoding.spanCount; from += SLICE) {
    await nextTurn();
    yield `\n${encoding.details(from, from + SLICE).join('\n')}`;
  }
}
