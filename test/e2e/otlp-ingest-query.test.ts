/**
 * End to end: the real OpenTelemetry SDK exports over OTLP (HTTP/JSON, HTTP/protobuf, gRPC) to the built server, and
 * the Jaeger query API (v1 and v3) returns exactly what the SDK recorded.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { startServer, type ServerProcess } from './server-process.js';
import {
  createExporter,
  exportSpans,
  hrTimeToMicros,
  hrTimeToNanos,
  hrTimeToNanoString,
  isSuccess,
  recordSampleTrace,
  type ExporterKind,
} from './otel-sdk.js';

interface JaegerTag {
  key: string;
  type: string;
  value: unknown;
}
interface JaegerSpan {
  traceID: string;
  spanID: string;
  operationName: string;
  references: Array<{ refType: string; traceID: string; spanID: string }>;
  startTime: number;
  duration: number;
  tags: JaegerTag[];
  logs: Array<{ timestamp: number; fields: JaegerTag[] }>;
  processID: string;
  warnings: string[] | null;
  flags?: number;
}
interface JaegerTrace {
  traceID: string;
  spans: JaegerSpan[];
  processes: Record<string, { serviceName: string; tags: JaegerTag[] }>;
  warnings: string[] | null;
}

let server: ServerProcess;

async function getJson(path: string): Promise<{ status: number; body: any }> {
  const res = await fetch(server.queryUrl + path);
  return { status: res.status, body: await res.json() };
}

/** Polls the trace endpoint until the trace has `spanCount` spans (the pipeline writes asynchronously). */
async function waitForTrace(traceId: string, spanCount: number): Promise<JaegerTrace> {
  for (let i = 0; i < 100; i++) {
    const { status, body } = await getJson(`/api/traces/${traceId}`);
    if (status === 200 && body.data[0].spans.length >= spanCount) return body.data[0] as JaegerTrace;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`trace ${traceId} did not appear`);
}

const byKey = (a: JaegerTag, b: JaegerTag): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

function expectedTags(span: ReadableSpan, extra: JaegerTag[]): JaegerTag[] {
  const tags: JaegerTag[] = [];
  for (const [key, value] of Object.entries(span.attributes)) {
    if (typeof value === 'string') tags.push({ key, type: 'string', value });
    else if (typeof value === 'boolean') tags.push({ key, type: 'bool', value });
    else if (typeof value === 'number') tags.push({ key, type: Number.isInteger(value) ? 'int64' : 'float64', value });
    else tags.push({ key, type: 'string', value: JSON.stringify(value) });
  }
  tags.push(
    { key: 'otel.scope.name', type: 'string', value: 'e2e-library' },
    { key: 'otel.scope.version', type: 'string', value: '1.2.3' },
    ...extra,
  );
  return tags.sort(byKey);
}

describe('OTLP in, Jaeger query API out', () => {
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    const code = await server.stop();
    assert.equal(code, 0, server.logs());
  });

  for (const kind of ['http-json', 'http-protobuf', 'grpc'] as ExporterKind[]) {
    test(`${kind}: the exported trace comes back exactly through /api/traces/{id}`, async () => {
      const service = `e2e-${kind}`;
      const spans = recordSampleTrace(service);
      const exporter = createExporter(kind, server.ports);
      const result = await exportSpans(exporter, spans);
      await exporter.shutdown();
      assert.ok(isSuccess(result), `export failed: ${String(result.error)}`);

      const [root, client, internal] = [
        spans.find((s) => s.name === 'GET /checkout')!,
        spans.find((s) => s.name === 'POST /payments')!,
        spans.find((s) => s.name === 'render')!,
      ];
      const traceId = root.spanContext().traceId;
      const jaegerTraceId = traceId.startsWith('0000000000000000') ? traceId.slice(16) : traceId;
      const t = await waitForTrace(traceId, 3);
      assert.equal(t.traceID, jaegerTraceId);
      assert.equal(t.spans.length, 3);
      assert.equal(t.warnings, null);

      const byId = new Map(t.spans.map((s) => [s.spanID, s]));
      const jr = byId.get(root.spanContext().spanId)!;
      const jc = byId.get(client.spanContext().spanId)!;
      const ji = byId.get(internal.spanContext().spanId)!;
      for (const [sdk, j] of [[root, jr], [client, jc], [internal, ji]] as const) {
        assert.ok(j, `span ${sdk.name} missing`);
        assert.equal(j.traceID, jaegerTraceId);
        assert.equal(j.operationName, sdk.name);
        assert.equal(j.startTime, hrTimeToMicros(sdk.startTime));
        assert.equal(j.duration, Number((hrTimeToNanos(sdk.endTime) - hrTimeToNanos(sdk.startTime)) / 1000n));
        assert.equal(j.processID, 'p1');
        assert.equal(j.flags, 1);
      }
      assert.deepEqual(jr.references, []);
      assert.deepEqual(jc.references, [{ refType: 'CHILD_OF', traceID: jaegerTraceId, spanID: jr.spanID }]);
      assert.deepEqual(ji.references, [
        { refType: 'CHILD_OF', traceID: jaegerTraceId, spanID: jr.spanID },
        { refType: 'FOLLOWS_FROM', traceID: jaegerTraceId, spanID: jc.spanID },
      ]);

      assert.deepEqual([...jr.tags].sort(byKey), expectedTags(root, [{ key: 'span.kind', type: 'string', value: 'server' }]));
      assert.deepEqual(
        [...jc.tags].sort(byKey),
        expectedTags(client, [
          { key: 'span.kind', type: 'string', value: 'client' },
          { key: 'otel.status_code', type: 'string', value: 'ERROR' },
          { key: 'otel.status_description', type: 'string', value: 'card declined' },
          { key: 'error', type: 'bool', value: true },
        ]),
      );
      assert.deepEqual([...ji.tags].sort(byKey), expectedTags(internal, [{ key: 'span.kind', type: 'string', value: 'internal' }]));

      const event = root.events[0]!;
      assert.deepEqual(jr.logs, [
        {
          timestamp: hrTimeToMicros(event.time),
          fields: [
            { key: 'event', type: 'string', value: 'cache.lookup' },
            { key: 'cache.key', type: 'string', value: 'user:42' },
            { key: 'cache.size', type: 'int64', value: 3 },
          ],
        },
      ]);
      assert.deepEqual(jc.logs, []);

      const resourceTags: JaegerTag[] = Object.entries(root.resource.attributes)
        .filter(([k]) => k !== 'service.name')
        .map(([key, value]) => ({ key, type: 'string', value }));
      assert.deepEqual(Object.keys(t.processes), ['p1']);
      assert.equal(t.processes['p1']!.serviceName, service);
      assert.deepEqual([...t.processes['p1']!.tags].sort(byKey), resourceTags.sort(byKey));

      // api_v3: OTLP/JSON with exact nanosecond times.
      const v3 = await getJson(`/api/v3/traces/${traceId}`);
      assert.equal(v3.status, 200);
      const rs = v3.body.result.resourceSpans;
      assert.equal(rs.length, 1);
      assert.ok(rs[0].resource.attributes.some((a: any) => a.key === 'service.name' && a.value.stringValue === service));
      const scopeSpans = rs[0].scopeSpans;
      assert.equal(scopeSpans[0].scope.name, 'e2e-library');
      assert.equal(scopeSpans[0].scope.version, '1.2.3');
      const v3spans = scopeSpans.flatMap((s: any) => s.spans);
      const v3root = v3spans.find((s: any) => s.spanId === root.spanContext().spanId);
      assert.equal(v3root.traceId, traceId);
      assert.equal(v3root.name, 'GET /checkout');
      assert.equal(v3root.kind, 2);
      assert.equal(v3root.startTimeUnixNano, hrTimeToNanoString(root.startTime));
      assert.equal(v3root.endTimeUnixNano, hrTimeToNanoString(root.endTime));
      assert.ok(v3root.attributes.some((a: any) => a.key === 'http.status_code' && String(a.value.intValue) === '200'));
      assert.equal(v3root.events[0].name, 'cache.lookup');
      const v3client = v3spans.find((s: any) => s.spanId === client.spanContext().spanId);
      assert.equal(v3client.parentSpanId, root.spanContext().spanId);
      assert.equal(v3client.status.code, 2);
      assert.equal(v3client.status.message, 'card declined');
      const v3internal = v3spans.find((s: any) => s.spanId === internal.spanContext().spanId);
      assert.equal(v3internal.links[0].spanId, client.spanContext().spanId);
      assert.ok(v3internal.links[0].attributes.some((a: any) => a.key === 'link.reason'));

      // Services, operations (with kinds) and search.
      const services = await getJson('/api/services');
      assert.ok(services.body.data.includes(service));
      const ops = await getJson(`/api/operations?service=${encodeURIComponent(service)}`);
      assert.deepEqual(
        [...ops.body.data].sort((a: any, b: any) => a.name.localeCompare(b.name)),
        [
          { name: 'GET /checkout', spanKind: 'server' },
          { name: 'POST /payments', spanKind: 'client' },
          { name: 'render', spanKind: 'internal' },
        ],
      );
      const search = await getJson(
        `/api/traces?service=${encodeURIComponent(service)}&tags=${encodeURIComponent('{"error":"true"}')}&lookback=1h&limit=20`,
      );
      assert.equal(search.status, 200);
      assert.deepEqual(search.body.data.map((tr: JaegerTrace) => tr.traceID), [jaegerTraceId]);
      assert.equal(search.body.data[0].spans.length, 3, 'search returns whole traces');
      const summaries = await getJson(
        `/api/v3/trace-summaries?query.service_name=${encodeURIComponent(service)}` +
          `&query.start_time_min=${new Date(Date.now() - 3600_000).toISOString()}&query.start_time_max=${new Date(Date.now() + 60_000).toISOString()}`,
      );
      assert.equal(summaries.status, 200);
      const summary = summaries.body.summaries[0];
      assert.equal(summary.traceId, traceId);
      assert.equal(summary.rootServiceName, service);
      assert.equal(summary.rootOperationName, 'GET /checkout');
      assert.equal(summary.spanCount, 3);
      assert.equal(summary.errorSpanCount, 1);
    });
  }

  test('unknown trace ids are 404 and malformed ones 400, in the Jaeger envelope', async () => {
    const missing = await getJson('/api/traces/0123456789abcdef0123456789abcdef');
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.body.errors, [{ code: 404, msg: 'trace not found' }]);
    const bad = await getJson('/api/traces/not-hex');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.errors[0].code, 400);
  });
});
