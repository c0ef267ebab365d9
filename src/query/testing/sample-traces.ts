/**
 * Two traces used by the route tests, and the exact Jaeger UI JSON the first one must produce.
 * - TRACE_1 (128-bit id): frontend `GET /dispatch` (server, 25.5 ms) → backend `SELECT` (client, error, one event,
 *   one link to another trace), on two hosts;
 * - TRACE_2 (64-bit id, printed with 16 hex digits): frontend `GET /health`, 1 ms, one second later.
 */
import { attr, bytesValue, SpanKind, StatusCode, type TraceBatch } from '../../model/index.js';
import { makeResourceSpans, makeSpan, MS } from './trace-fixtures.js';

export const BASE_NS = 1_700_000_000_000_000_000n;
export const BASE_US = 1_700_000_000_000_000;
export const TRACE_1 = '0af7651916cd43dd8448eb211c80319c';
export const TRACE_2 = '00000000000000001234567890abcdef';
export const TRACE_2_SHORT = '1234567890abcdef';
export const ROOT_ID = 'b7ad6b7169203331';
export const CHILD_ID = '00f067aa0ba902b7';

export function trace1Batch(): TraceBatch {
  const root = makeSpan(TRACE_1, ROOT_ID, {
    name: 'GET /dispatch',
    kind: SpanKind.SERVER,
    startTimeUnixNano: BASE_NS,
    endTimeUnixNano: BASE_NS + 25_500_123n,
    attributes: [attr('http.method', 'GET'), attr('http.status_code', 200)],
  });
  const child = makeSpan(TRACE_1, CHILD_ID, {
    parentSpanId: ROOT_ID,
    name: 'SELECT',
    kind: SpanKind.CLIENT,
    startTimeUnixNano: BASE_NS + 2n * MS + 999n,
    endTimeUnixNano: BASE_NS + 12n * MS,
    attributes: [{ key: 'blob', value: bytesValue(new Uint8Array([0, 0, 0x30, 0x39])) }, attr('db.rows', 1.5)],
    events: [{ timeUnixNano: BASE_NS + 5n * MS, name: 'retry', attributes: [attr('attempt', 2)], droppedAttributesCount: 0 }],
    links: [
      {
        traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
        spanId: '00f067aa0ba90200',
        traceState: '',
        attributes: [attr('link.kind', 'batch')],
        droppedAttributesCount: 0,
        flags: 0,
      },
    ],
    status: { code: StatusCode.ERROR, message: 'timeout' },
  });
  return {
    resourceSpans: [
      makeResourceSpans('frontend', [root], [attr('host.name', 'web-1')]),
      makeResourceSpans('backend', [child], [attr('host.name', 'db-1')]),
    ],
  };
}

export function trace2Batch(): TraceBatch {
  const span = makeSpan(TRACE_2, '1111111111111111', {
    name: 'GET /health',
    kind: SpanKind.SERVER,
    startTimeUnixNano: BASE_NS + 1000n * MS,
    endTimeUnixNano: BASE_NS + 1001n * MS,
  });
  return { resourceSpans: [makeResourceSpans('frontend', [span], [attr('host.name', 'web-1')])] };
}

const scopeTags = [
  { key: 'otel.scope.name', type: 'string', value: 'test-lib' },
  { key: 'otel.scope.version', type: 'string', value: '1.0.0' },
];

/** `data[0]` of `GET /api/traces/TRACE_1`, in Jaeger's property order. */
export const TRACE_1_UI = {
  traceID: TRACE_1,
  spans: [
    {
      traceID: TRACE_1,
      spanID: ROOT_ID,
      flags: 1,
      operationName: 'GET /dispatch',
      references: [],
      startTime: BASE_US,
      duration: 25500,
      tags: [
        ...scopeTags,
        { key: 'http.method', type: 'string', value: 'GET' },
        { key: 'http.status_code', type: 'int64', value: 200 },
        { key: 'span.kind', type: 'string', value: 'server' },
      ],
      logs: [],
      processID: 'p1',
      warnings: null,
    },
    {
      traceID: TRACE_1,
      spanID: CHILD_ID,
      flags: 1,
      operationName: 'SELECT',
      references: [
        { refType: 'CHILD_OF', traceID: TRACE_1, spanID: ROOT_ID },
        { refType: 'FOLLOWS_FROM', traceID: '4bf92f3577b34da6a3ce929d0e0e4736', spanID: '00f067aa0ba90200' },
      ],
      startTime: BASE_US + 2000,
      duration: 9999,
      tags: [
        ...scopeTags,
        { key: 'blob', type: 'binary', value: 'AAAwOQ==' },
        { key: 'db.rows', type: 'float64', value: 1.5 },
        { key: 'span.kind', type: 'string', value: 'client' },
        { key: 'otel.status_code', type: 'string', value: 'ERROR' },
        { key: 'error', type: 'bool', value: true },
        { key: 'otel.status_description', type: 'string', value: 'timeout' },
      ],
      logs: [
        {
          timestamp: BASE_US + 5000,
          fields: [
            { key: 'event', type: 'string', value: 'retry' },
            { key: 'attempt', type: 'int64', value: 2 },
          ],
        },
      ],
      processID: 'p2',
      warnings: null,
    },
  ],
  processes: {
    p1: { serviceName: 'frontend', tags: [{ key: 'host.name', type: 'string', value: 'web-1' }] },
    p2: { serviceName: 'backend', tags: [{ key: 'host.name', type: 'string', value: 'db-1' }] },
  },
  warnings: null,
};
