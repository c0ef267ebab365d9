/** The timeline's service filter, span pills and name column width. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildTrace } from '../../ui/src/lib/build-trace.js';
import { clampNameWidth, loadNameWidth, NAME_WIDTH_DEFAULT, NAME_WIDTH_MIN, saveNameWidth } from '../../ui/src/lib/column-width.js';
import { hiddenServicesFromUrl, pruneHiddenServices, withHiddenServices } from '../../ui/src/lib/service-filter.js';
import { spanPills } from '../../ui/src/lib/span-pills.js';
import { collapseAll, visibleRows } from '../../ui/src/lib/visible-rows.js';
import { makeTrace } from './trace-fixtures.js';

describe('service filter', () => {
  // front → (db, db → cache), back → db
  const t = buildTrace(makeTrace([
    { id: 'a', service: 'front', start: 0, duration: 100 },
    { id: 'b', parent: 'a', service: 'db', start: 1, duration: 10 },
    { id: 'c', parent: 'a', service: 'db', start: 20, duration: 10 },
    { id: 'd', parent: 'c', service: 'cache', start: 21, duration: 2 },
    { id: 'e', parent: 'a', service: 'back', start: 40, duration: 30 },
    { id: 'f', parent: 'e', service: 'db', start: 41, duration: 5 },
  ]));
  const show = (rows: Int32Array, runs: { count: number; services: string[] }[]) =>
    [...rows].map((r) => (r >= 0 ? t.spans[r]!.spanId : `pruned ${runs[-r - 1]!.count} ${runs[-r - 1]!.services.join('+')}`));

  test('runs of hidden spans become one placeholder each; spans of shown services below them stay', () => {
    const { rows, runs } = pruneHiddenServices(t, visibleRows(t, new Set()), new Set(['db']));
    assert.deepEqual(show(rows, runs), ['a', 'pruned 2 db', 'd', 'e', 'pruned 1 db']);
    assert.deepEqual(runs.map((r) => r.depth), [1, 2]);
    const two = pruneHiddenServices(t, visibleRows(t, new Set()), new Set(['db', 'cache']));
    assert.deepEqual(show(two.rows, two.runs), ['a', 'pruned 3 db+cache', 'e', 'pruned 1 db']);
  });

  test('nothing hidden keeps the rows; collapsed subtrees are not counted as pruned', () => {
    const rows = visibleRows(t, new Set());
    assert.equal(pruneHiddenServices(t, rows, new Set()).rows, rows);
    const collapsed = pruneHiddenServices(t, visibleRows(t, collapseAll(t)), new Set(['front']));
    assert.deepEqual(show(collapsed.rows, collapsed.runs), ['pruned 1 front']);
  });

  test('the URL holds the hidden services; unknown names are ignored, other parameters kept', () => {
    const search = new URLSearchParams('uiFind=abc&hideService=db&hideService=nope');
    assert.deepEqual([...hiddenServicesFromUrl(search, t)], ['db']);
    assert.equal(withHiddenServices(search, new Set(['front', 'db'])), 'uiFind=abc&hideService=db&hideService=front');
    assert.equal(withHiddenServices(search, new Set()), 'uiFind=abc');
  });
});

describe('span pills', () => {
  const pills = (kind: string, tags: Array<[string, string | number]>) => {
    const t = buildTrace(makeTrace([{ id: 'a', start: 0, duration: 1, tags: [...tags.map(([key, value]) => ({ key, type: typeof value === 'number' ? 'int64' : 'string', value })), ...(kind === '' ? [] : [{ key: 'span.kind', type: 'string', value: kind }])] }]));
    return spanPills(t.spans[0]!).map((p) => `${p.key}:${p.text}:${p.tone}`);
  };

  test('kind, remote service, HTTP method and status, systems', () => {
    assert.deepEqual(pills('client', [['http.request.method', 'POST'], ['http.response.status_code', 503], ['server.address', 'payments.internal']]), [
      'kind:client:kind',
      'remote:→ payments.internal:remote',
      'http.method:POST:neutral',
      'http.status:503:error',
    ]);
    assert.deepEqual(pills('server', [['http.method', 'GET'], ['http.status_code', 200], ['server.address', 'me']]), ['kind:server:kind', 'http.method:GET:neutral', 'http.status:200:neutral']);
    assert.deepEqual(pills('internal', [['db.system', 'postgresql'], ['db.system.name', 'postgresql'], ['rpc.system', 'grpc'], ['peer.service', 'auth']]), [
      'remote:→ auth:remote',
      'db.system.name:postgresql:neutral',
      'rpc.system:grpc:neutral',
    ]);
    assert.deepEqual(pills('', []), []);
  });

  test('events and links are counted', () => {
    const raw = makeTrace([{ id: 'a', start: 0, duration: 10 }, { id: 'b', parent: 'a', start: 1, duration: 1 }]);
    raw.spans[1]!.logs = [{ timestamp: 1, fields: [] }, { timestamp: 2, fields: [] }];
    raw.spans[1]!.references!.push({ refType: 'FOLLOWS_FROM', traceID: 'other', spanID: 'x' });
    assert.deepEqual(spanPills(buildTrace(raw).spans[1]!).map((p) => p.text), ['2 events', '1 link']);
  });
});

describe('name column width', () => {
  test('clamped between the minimum and what leaves the timeline room', () => {
    assert.equal(clampNameWidth(50, 1200), NAME_WIDTH_MIN);
    assert.equal(clampNameWidth(400.4, 1200), 400);
    assert.equal(clampNameWidth(5000, 1200), 1040);
    assert.equal(clampNameWidth(500, 200), NAME_WIDTH_MIN);
  });

  test('remembered in storage; a missing or broken value gives the default', () => {
    const data = new Map<string, string>();
    const store = { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v) };
    assert.equal(loadNameWidth(store), NAME_WIDTH_DEFAULT);
    saveNameWidth(store, 420);
    assert.equal(loadNameWidth(store), 420);
    data.set([...data.keys()][0]!, 'wide');
    assert.equal(loadNameWidth(store), NAME_WIDTH_DEFAULT);
    assert.equal(loadNameWidth(undefined), NAME_WIDTH_DEFAULT);
  });
});
