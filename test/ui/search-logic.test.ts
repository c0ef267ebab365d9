/** logfmt, the search URL scheme, trace diff, stats, span search and file parsing of the UI. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildTrace } from '../../ui/src/lib/build-trace.js';
import { formatLogfmt, parseLogfmt } from '../../ui/src/lib/logfmt.js';
import { parseSearchUrl, searchStateToApi, searchStateToUrl } from '../../ui/src/lib/search-state.js';
import { computeSelfTimes } from '../../ui/src/lib/self-time.js';
import { findSpans } from '../../ui/src/lib/span-search.js';
import { diffRows, diffTraces, latencyClass, summarizeDiff } from '../../ui/src/lib/trace-diff.js';
import { parseTraceFile } from '../../ui/src/lib/trace-file.js';
import { computeStats } from '../../ui/src/lib/trace-stats.js';
import { makeTrace } from './trace-fixtures.js';

describe('logfmt', () => {
  test('parses bare and quoted values with escapes', () => {
    assert.deepEqual(parseLogfmt('error=true http.status_code=500  db.statement="select 1 where a=\\"b\\""'), {
      ok: true,
      tags: { error: 'true', 'http.status_code': '500', 'db.statement': 'select 1 where a="b"' },
    });
    assert.deepEqual(parseLogfmt('  '), { ok: true, tags: {} });
    assert.deepEqual(parseLogfmt('k='), { ok: true, tags: { k: '' } });
  });

  test('refuses malformed input with a message', () => {
    for (const bad of ['error', '=x', 'a="open', 'a="x"y', 'a=b"c']) {
      const r = parseLogfmt(bad);
      assert.equal(r.ok, false, bad);
    }
    const r = parseLogfmt('error');
    assert.ok(!r.ok && r.error.includes('error=value'));
  });

  test('format round-trips through parse', () => {
    const tags = { a: 'plain', b: 'with space', c: 'q"uote', d: '', e: 'x=y' };
    assert.deepEqual(parseLogfmt(formatLogfmt(tags)), { ok: true, tags });
  });
});

describe('search URL scheme', () => {
  test('reads Jaeger UI links (tags as JSON) and writes them back the same way', () => {
    const s = parseSearchUrl(new URLSearchParams('service=frontend&operation=GET%20%2F&tags=%7B%22error%22%3A%22true%22%7D&lookback=2h&limit=50&minDuration=10ms'));
    assert.equal(s.service, 'frontend');
    assert.equal(s.operation, 'GET /');
    assert.equal(s.tags, 'error=true');
    assert.equal(s.lookback, '2h');
    assert.equal(s.limit, 50);
    assert.equal(s.minDuration, '10ms');
    const back = searchStateToUrl(s);
    assert.equal(back.get('tags'), '{"error":"true"}');
    assert.deepEqual(parseSearchUrl(back), s);
  });

  test('a custom range keeps start and end; old tag=k:v links are read', () => {
    const s = parseSearchUrl(new URLSearchParams('service=a&start=1000000&end=2000000&tag=http.status_code:500'));
    assert.equal(s.lookback, 'custom');
    assert.equal(s.startUs, 1_000_000);
    assert.equal(s.tags, 'http.status_code=500');
  });

  test('builds the /api/traces query, refusing bad input', () => {
    const s = parseSearchUrl(new URLSearchParams('service=a&lookback=1h&tags=x%3D1'));
    const r = searchStateToApi(s, 10_000_000);
    assert.ok(r.ok);
    assert.equal(r.params.get('tags'), '{"x":"1"}');
    assert.equal(r.params.get('end'), String(10_000_000_000));
    assert.equal(r.params.get('start'), String(10_000_000_000 - 3_600_000_000));
    assert.equal(searchStateToApi({ ...s, tags: 'oops' }, 0).ok, false);
    assert.equal(searchStateToApi({ ...s, service: '' }, 0).ok, false);
    assert.equal(searchStateToApi({ ...s, lookback: 'custom', startUs: 5, endUs: 4 }, 0).ok, false);
  });
});

describe('trace diff', () => {
  const a = buildTrace(makeTrace([
    { id: 'r', service: 'web', name: 'GET', start: 0, duration: 100 },
    { id: 'x', parent: 'r', service: 'db', name: 'query', start: 10, duration: 20 },
    { id: 'y', parent: 'r', service: 'cache', name: 'get', start: 40, duration: 5 },
  ], 'A'));
  const b = buildTrace(makeTrace([
    { id: 'r', service: 'web', name: 'GET', start: 0, duration: 300 },
    { id: 'x1', parent: 'r', service: 'db', name: 'query', start: 10, duration: 100 },
    { id: 'x2', parent: 'r', service: 'db', name: 'query', start: 120, duration: 100 },
    { id: 'z', parent: 'r', service: 'queue', name: 'send', start: 250, duration: 10 },
  ], 'B'));

  test('classifies call paths and computes mean latency per side', () => {
    const rows = diffRows(diffTraces(a, b));
    const byKey = new Map(rows.map((r) => [r.node.key, r]));
    assert.deepEqual(rows.map((r) => [r.node.key, r.status]), [
      ['web::GET', 'same'],
      ['cache::get', 'only-a'],
      ['db::query', 'changed'],
      ['queue::send', 'only-b'],
    ]);
    const db = byKey.get('db::query')!;
    assert.equal(db.meanA, 20);
    assert.equal(db.meanB, 100);
    assert.equal(db.deltaUs, 80);
    assert.equal(db.ratio, 5);
    assert.equal(byKey.get('web::GET')!.deltaUs, 200);
    assert.equal(byKey.get('cache::get')!.deltaUs, null);
    assert.deepEqual(summarizeDiff(rows), { onlyA: 1, onlyB: 1, changed: 1, same: 1 });
  });

  test('latency classes by ratio', () => {
    assert.equal(latencyClass(1.05), 'neutral');
    assert.equal(latencyClass(1.2), 'slower-1');
    assert.equal(latencyClass(3), 'slower-3');
    assert.equal(latencyClass(0.5), 'faster-3');
    assert.equal(latencyClass(null), 'neutral');
  });
});

describe('statistics and in-trace search', () => {
  const t = buildTrace(makeTrace([
    { id: 'a1', service: 'web', name: 'GET', start: 0, duration: 100, tags: [{ key: 'http.route', type: 'string', value: '/x' }] },
    { id: 'b1', parent: 'a1', service: 'db', name: 'q', start: 10, duration: 30 },
    { id: 'b2', parent: 'a1', service: 'db', name: 'q', start: 50, duration: 10, tags: [{ key: 'db.statement', type: 'string', value: 'SELECT 1' }] },
  ]));

  test('groups by service with self time', () => {
    const rows = computeStats(t, computeSelfTimes(t), { kind: 'service' });
    assert.deepEqual(rows.map((r) => [r.group, r.count, r.total, r.min, r.max, r.selfTotal]), [
      ['web', 1, 100, 100, 100, 60],
      ['db', 2, 40, 10, 30, 40],
    ]);
    assert.equal(rows[0]!.selfPercent, 60);
    const byAttr = computeStats(t, computeSelfTimes(t), { kind: 'attribute', key: 'http.route' });
    assert.deepEqual(byAttr.map((r) => [r.group, r.count]), [['/x', 1], ['(no value)', 2]]);
  });

  test('finds spans by service, name, attribute key/value/pair and span id', () => {
    assert.deepEqual(findSpans(t, 'db'), [1, 2]);
    assert.deepEqual(findSpans(t, 'select'), [2]);
    assert.deepEqual(findSpans(t, 'http.route=/x'), [0]);
    assert.deepEqual(findSpans(t, 'b1'), [1]);
    assert.deepEqual(findSpans(t, 'db select'), [2]);
    assert.deepEqual(findSpans(t, ''), []);
  });
});

describe('trace files', () => {
  test('reads the query API envelope and a bare trace', () => {
    const trace = makeTrace([{ id: 'a', start: 0, duration: 1 }]);
    const env = parseTraceFile(JSON.stringify({ data: [trace] }));
    assert.ok(env.ok && env.traces.length === 1 && env.traces[0]!.spans.length === 1);
    const bare = parseTraceFile(JSON.stringify(trace));
    assert.ok(bare.ok && bare.traces[0]!.traceID === 't1');
  });

  test('reads OTLP JSON with hex and base64 ids into Jaeger spans', () => {
    const otlp = {
      resourceSpans: [{
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'checkout' } }] },
        scopeSpans: [{
          scope: { name: 'lib', version: '1' },
          spans: [
            { traceId: '0102030405060708090a0b0c0d0e0f10', spanId: '1112131415161718', name: 'root', kind: 2, startTimeUnixNano: '1700000000000000000', endTimeUnixNano: '1700000000005000000', attributes: [{ key: 'n', value: { intValue: '7' } }], status: { code: 2, message: 'boom' }, events: [{ timeUnixNano: '1700000000001000000', name: 'ev', attributes: [] }] },
            { traceId: 'AQIDBAUGBwgJCgsMDQ4PEA==', spanId: 'ISIjJCUmJyg=', parentSpanId: 'ERITFBUWFxg=', name: 'child', kind: 'SPAN_KIND_CLIENT', startTimeUnixNano: '1700000000001000000', endTimeUnixNano: '1700000000002000000' },
          ],
        }],
      }],
    };
    const r = parseTraceFile(JSON.stringify(otlp));
    assert.ok(r.ok);
    assert.equal(r.traces.length, 1);
    const t = buildTrace(r.traces[0]!);
    assert.deepEqual(t.spans.map((s) => [s.name, s.service, s.kind, s.depth]), [['root', 'checkout', 'server', 0], ['child', 'checkout', 'client', 1]]);
    assert.equal(t.spans[0]!.durationUs, 5000);
    assert.equal(t.spans[0]!.hasError, true);
    assert.equal(t.spans[0]!.events[0]!.name, 'ev');
    assert.deepEqual(t.spans[0]!.tags.find((x) => x.key === 'n'), { key: 'n', type: 'int64', value: 7 });
  });

  test('says what is wrong with a file that is not a trace', () => {
    const notJson = parseTraceFile('{oops');
    assert.ok(!notJson.ok && notJson.error.includes('not JSON'));
    const other = parseTraceFile('{"hello": 1}');
    assert.ok(!other.ok && other.error.includes('not a trace file'));
  });
});
