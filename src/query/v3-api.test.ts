import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { attr } from '../model/index.js';
import { createQueryTestApp, type QueryTestApp } from './testing/query-test-app.js';
import { BASE_NS, CHILD_ID, ROOT_ID, TRACE_1, TRACE_2, trace1Batch, trace2Batch } from './testing/sample-traces.js';
import { makeResourceSpans, makeSpan, MS } from './testing/trace-fixtures.js';

const WINDOW = 'query.startTimeMin=2023-11-14T22:00:00Z&query.startTimeMax=2023-11-14T23:00:00.000000001Z';
const SKEWED = '000000000000000000000000000000aa';

describe('api_v3 over the memory store', () => {
  let t: QueryTestApp;
  const get = (url: string) => t.app.inject({ method: 'GET', url });
  const body = async (url: string) => JSON.parse((await get(url)).body);

  before(async () => {
    t = createQueryTestApp({ maxClockSkewAdjustNs: 1000n * MS });
    await t.store.writer.writeTraces(trace1Batch());
    await t.store.writer.writeTraces(trace2Batch());
    await t.store.writer.writeTraces({
      resourceSpans: [
        makeResourceSpans('skewed-parent', [makeSpan(SKEWED, '0000000000000001', { startTimeUnixNano: BASE_NS, endTimeUnixNano: BASE_NS + 10n * MS })], [attr('host.name', 'A')]),
        makeResourceSpans('skewed-child', [makeSpan(SKEWED, '0000000000000002', { parentSpanId: '0000000000000001', startTimeUnixNano: BASE_NS - 5n * MS, endTimeUnixNano: BASE_NS - 3n * MS })], [attr('host.name', 'B')]),
      ],
    });
  });
  after(() => t.close());

  test('GET /api/v3/services and /api/v3/operations', async () => {
    assert.equal((await get('/api/v3/services')).body, JSON.stringify({ services: ['backend', 'frontend', 'skewed-child', 'skewed-parent'] }));
    assert.equal(
      (await get('/api/v3/operations?service=frontend')).body,
      JSON.stringify({ operations: [{ name: 'GET /dispatch', spanKind: 'server' }, { name: 'GET /health', spanKind: 'server' }] }),
    );
    assert.deepEqual(await body('/api/v3/operations?service=backend&span_kind=client'), { operations: [{ name: 'SELECT', spanKind: 'client' }] });
    assert.deepEqual(await body('/api/v3/operations?service=backend&spanKind=server'), { operations: [] });
    const missing = await get('/api/v3/operations');
    assert.equal(missing.statusCode, 400);
    assert.equal(missing.body, JSON.stringify({ error: { httpCode: 400, message: "parameter 'service' is required" } }));
  });

  test('GET /api/v3/traces/{id} returns OTLP/JSON', async () => {
    const res = await get(`/api/v3/traces/${TRACE_1}`);
    assert.equal(res.statusCode, 200);
    const rss = JSON.parse(res.body).result.resourceSpans;
    assert.equal(rss.length, 2);
    const frontend = rss.find((rs: { resource: { attributes: Array<{ key: string; value: unknown }> } }) =>
      rs.resource.attributes.some((kv) => kv.key === 'service.name' && JSON.stringify(kv.value) === '{"stringValue":"frontend"}'),
    );
    const root = frontend.scopeSpans[0].spans[0];
    assert.equal(root.traceId, TRACE_1);
    assert.equal(root.spanId, ROOT_ID);
    assert.equal(root.kind, 2);
    assert.equal(root.startTimeUnixNano, BASE_NS.toString());
    assert.equal(root.endTimeUnixNano, (BASE_NS + 25_500_123n).toString());
    assert.deepEqual(root.attributes, [
      { key: 'http.method', value: { stringValue: 'GET' } },
      { key: 'http.status_code', value: { intValue: '200' } },
    ]);
    assert.deepEqual(frontend.scopeSpans[0].scope, { name: 'test-lib', version: '1.0.0' });
    const backendSpan = rss.find((rs: unknown) => rs !== frontend).scopeSpans[0].spans[0];
    assert.equal(backendSpan.spanId, CHILD_ID);
    assert.equal(backendSpan.parentSpanId, ROOT_ID);
    assert.deepEqual(backendSpan.status, { message: 'timeout', code: 2 });
    assert.deepEqual(backendSpan.links[0].attributes, [{ key: 'link.kind', value: { stringValue: 'batch' } }]);
  });

  test('adjuster warnings appear as the @jaeger@warnings attribute; rawTraces skips adjusters', async () => {
    const adjusted = await body(`/api/v3/traces/${SKEWED}`);
    const child = adjusted.result.resourceSpans
      .flatMap((rs: { scopeSpans: Array<{ spans: unknown[] }> }) => rs.scopeSpans[0]!.spans)
      .find((s: { spanId: string }) => s.spanId === '0000000000000002');
    assert.equal(child.startTimeUnixNano, (BASE_NS + 4n * MS).toString());
    assert.deepEqual(child.attributes, [
      { key: '@jaeger@warnings', value: { arrayValue: { values: [{ stringValue: "This span's timestamps were adjusted by 9ms" }] } } },
    ]);
    const raw = await body(`/api/v3/traces/${SKEWED}?raw_traces=true`);
    const rawChild = raw.result.resourceSpans
      .flatMap((rs: { scopeSpans: Array<{ spans: unknown[] }> }) => rs.scopeSpans[0]!.spans)
      .find((s: { spanId: string }) => s.spanId === '0000000000000002');
    assert.equal(rawChild.startTimeUnixNano, (BASE_NS - 5n * MS).toString());
    assert.equal(rawChild.attributes, undefined);
  });

  test('unknown and malformed trace ids', async () => {
    const unknown = await get('/api/v3/traces/00000000000000000000000000000042');
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.body, JSON.stringify({ error: { httpCode: 404, message: 'trace not found' } }));
    const bad = await get('/api/v3/traces/xyz');
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.body, JSON.stringify({ error: { httpCode: 400, message: 'malformed parameter trace_id: "xyz" is not a trace ID' } }));
  });

  test('GET /api/v3/traces searches with camelCase and snake_case parameters', async () => {
    const traceIds = async (qs: string) => {
      const res = await get(`/api/v3/traces?${qs}`);
      assert.equal(res.statusCode, 200, res.body);
      const ids = new Set<string>();
      for (const rs of JSON.parse(res.body).result.resourceSpans) for (const s of rs.scopeSpans[0].spans) ids.add(s.traceId);
      return [...ids];
    };
    assert.deepEqual(await traceIds(`query.serviceName=frontend&${WINDOW}`), [TRACE_2, TRACE_1]);
    assert.deepEqual(
      await traceIds('query.service_name=frontend&query.start_time_min=2023-11-14T22:00:00Z&query.start_time_max=2023-11-14T23:00:00Z&query.num_traces=1'),
      [TRACE_2],
    );
    assert.deepEqual(await traceIds(`query.serviceName=frontend&${WINDOW}&query.durationMin=10ms`), [TRACE_1]);
    assert.deepEqual(await traceIds(`query.serviceName=backend&${WINDOW}&query.attributes=${encodeURIComponent('{"db.rows":"1.5"}')}`), [TRACE_1]);
    assert.deepEqual(await traceIds(`query.serviceName=frontend&${WINDOW}&query.operation_name=nothing`), []);
  });

  test('search refusals', async () => {
    const missing = await get('/api/v3/traces?query.serviceName=frontend');
    assert.equal(missing.statusCode, 400);
    assert.equal(missing.body, JSON.stringify({ error: { httpCode: 400, message: 'query.startTimeMin and query.startTimeMax are required' } }));
    const bad = await get(`/api/v3/trace-summaries?${WINDOW}&query.durationMax=soon`);
    assert.equal(bad.statusCode, 400);
    assert.match(JSON.parse(bad.body).error.message, /^malformed parameter query.durationMax: /);
  });

  test('GET /api/v3/trace-summaries', async () => {
    const res = await get(`/api/v3/trace-summaries?query.serviceName=backend&${WINDOW}&query.searchDepth=20`);
    assert.equal(res.statusCode, 200);
    assert.equal(
      res.body,
      JSON.stringify({
        summaries: [
          {
            traceId: TRACE_1,
            rootServiceName: 'frontend',
            rootOperationName: 'GET /dispatch',
            minStartTimeUnixNano: BASE_NS.toString(),
            maxEndTimeUnixNano: (BASE_NS + 25_500_123n).toString(),
            spanCount: 2,
            errorSpanCount: 1,
            orphanSpanCount: 0,
            services: [
              { name: 'frontend', spanCount: 1, errorSpanCount: 0 },
              { name: 'backend', spanCount: 1, errorSpanCount: 1 },
            ],
          },
        ],
      }),
    );
    const all = await body(`/api/v3/trace-summaries?${WINDOW}`);
    assert.deepEqual(all.summaries.map((s: { traceId: string }) => s.traceId).sort(), [TRACE_2, SKEWED, TRACE_1].sort());
    assert.equal(all.summaries[0].traceId, TRACE_2, 'most recent first');
  });

  test('unknown /api/v3 paths get a v3 JSON 404', async () => {
    const res = await get('/api/v3/nothing');
    assert.equal(res.statusCode, 404);
    assert.equal(JSON.parse(res.body).error.httpCode, 404);
  });
});
