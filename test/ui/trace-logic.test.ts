/** Tree building, visibility, critical path and self time of the UI's trace model. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildTrace } from '../../ui/src/lib/build-trace.js';
import { computeCriticalPath, criticalSegments, criticalTimeBySpan } from '../../ui/src/lib/critical-path.js';
import { packRgba, rasterizeMinimap } from '../../ui/src/lib/minimap-raster.js';
import { computeSelfTimes } from '../../ui/src/lib/self-time.js';
import { collapseAll, collapseOneLevel, expandOneLevel, revealSpan, visibleRows } from '../../ui/src/lib/visible-rows.js';
import { makeTrace } from './trace-fixtures.js';

const ids = (trace: ReturnType<typeof buildTrace>, rows: Iterable<number>) => [...rows].map((i) => trace.spans[i]!.spanId);

describe('buildTrace', () => {
  test('orders spans depth-first with children by start time, whatever the input order', () => {
    const t = buildTrace(makeTrace([
      { id: 'c2', parent: 'a', start: 50, duration: 10 },
      { id: 'g', parent: 'c1', start: 15, duration: 5 },
      { id: 'a', start: 0, duration: 100 },
      { id: 'c1', parent: 'a', start: 10, duration: 20 },
    ]));
    assert.deepEqual(t.spans.map((s) => s.spanId), ['a', 'c1', 'g', 'c2']);
    assert.deepEqual(t.spans.map((s) => s.depth), [0, 1, 2, 1]);
    assert.deepEqual(t.spans.map((s) => s.subtreeEnd), [4, 3, 3, 4]);
    assert.deepEqual(t.roots, [0]);
    assert.equal(t.durationUs, 100);
    assert.equal(t.maxDepth, 2);
    assert.equal(t.spans[2]!.relStartUs, 15);
    assert.equal(t.name, 'svc: a');
  });

  test('a span whose parent is missing becomes a root with a warning', () => {
    const t = buildTrace(makeTrace([
      { id: 'a', start: 0, duration: 10 },
      { id: 'orphan', parent: 'gone', start: 5, duration: 1 },
    ]));
    assert.deepEqual(t.roots.map((r) => t.spans[r]!.spanId), ['a', 'orphan']);
    assert.ok(t.warnings.some((w) => w.includes('gone')));
  });

  test('reference cycles and duplicate ids do not lose spans or loop', () => {
    const raw = makeTrace([
      { id: 'x', parent: 'y', start: 0, duration: 10 },
      { id: 'y', parent: 'x', start: 1, duration: 5 },
      { id: 'z', start: 2, duration: 1 },
      { id: 'z', start: 3, duration: 1 },
    ]);
    const t = buildTrace(raw);
    assert.equal(t.spans.length, 3);
    assert.ok(t.warnings.some((w) => w.includes('cycle')));
    assert.ok(t.warnings.some((w) => w.includes('duplicate')));
    t.spans.forEach((s, i) => assert.equal(s.index, i));
  });

  test('errors bubble up the subtree flag and are counted per service', () => {
    const t = buildTrace(makeTrace([
      { id: 'a', service: 'front', start: 0, duration: 100 },
      { id: 'b', parent: 'a', service: 'back', start: 10, duration: 50 },
      { id: 'c', parent: 'b', service: 'back', start: 20, duration: 10, error: true },
      { id: 'd', parent: 'a', service: 'front', start: 70, duration: 10 },
    ]));
    assert.deepEqual(t.spans.map((s) => s.subtreeHasError), [true, true, true, false]);
    assert.equal(t.errorCount, 1);
    assert.deepEqual(t.services, [
      { name: 'back', count: 2, errors: 1 },
      { name: 'front', count: 2, errors: 0 },
    ]);
  });

  test('non-parent references become links, resolved to an index when in the trace', () => {
    const raw = makeTrace([
      { id: 'a', start: 0, duration: 10 },
      { id: 'b', parent: 'a', start: 1, duration: 2 },
    ]);
    raw.spans[1]!.references!.push({ refType: 'FOLLOWS_FROM', traceID: 't1', spanID: 'a' }, { refType: 'FOLLOWS_FROM', traceID: 'other', spanID: 'q' });
    const t = buildTrace(raw);
    assert.deepEqual(t.spans[1]!.links.map((l) => [l.spanId, l.targetIndex]), [['a', 0], ['q', -1]]);
  });
});

describe('visible rows', () => {
  const t = buildTrace(makeTrace([
    { id: 'a', start: 0, duration: 100 },
    { id: 'b', parent: 'a', start: 1, duration: 50 },
    { id: 'c', parent: 'b', start: 2, duration: 10 },
    { id: 'd', parent: 'c', start: 3, duration: 1 },
    { id: 'e', parent: 'a', start: 60, duration: 10 },
  ]));

  test('a collapsed span hides exactly its subtree', () => {
    assert.deepEqual(ids(t, visibleRows(t, new Set())), ['a', 'b', 'c', 'd', 'e']);
    assert.deepEqual(ids(t, visibleRows(t, new Set([1]))), ['a', 'b', 'e']);
    assert.deepEqual(ids(t, visibleRows(t, collapseAll(t))), ['a']);
  });

  test('collapse and expand one level work from the deepest / shallowest visible parent', () => {
    const one = collapseOneLevel(t, new Set());
    assert.deepEqual([...one], [2]);
    const two = collapseOneLevel(t, one);
    assert.deepEqual([...two].sort(), [1, 2]);
    assert.deepEqual([...expandOneLevel(t, collapseAll(t))].sort(), [1, 2]);
  });

  test('revealing a span expands its ancestors', () => {
    assert.deepEqual(ids(t, visibleRows(t, revealSpan(t, collapseAll(t), 3))), ['a', 'b', 'c', 'd', 'e']);
  });
});

describe('critical path', () => {
  test('follows the last-finishing child and counts the parent in the gaps', () => {
    // a: 0..100; b: 10..40; c: 30..90 (finishes last); c1 inside c: 40..80.
    const t = buildTrace(makeTrace([
      { id: 'a', start: 0, duration: 100 },
      { id: 'b', parent: 'a', start: 10, duration: 30 },
      { id: 'c', parent: 'a', start: 30, duration: 60 },
      { id: 'c1', parent: 'c', start: 40, duration: 40 },
    ]));
    const path = criticalSegments(computeCriticalPath(t)).map((s) => [t.spans[s.span]!.spanId, s.startUs - 1_000_000, s.endUs - 1_000_000]);
    // b ends at 40, after c started (30): it did not hold the trace up, so a covers 0..30.
    assert.deepEqual(path, [
      ['a', 0, 30],
      ['c', 30, 40],
      ['c1', 40, 80],
      ['c', 80, 90],
      ['a', 90, 100],
    ]);
  });

  test('sequential children are all on the path; children past the parent end are clipped', () => {
    const t = buildTrace(makeTrace([
      { id: 'a', start: 0, duration: 100 },
      { id: 'b', parent: 'a', start: 0, duration: 40 },
      { id: 'c', parent: 'a', start: 50, duration: 80 },
    ]));
    const time = criticalTimeBySpan(t, computeCriticalPath(t));
    assert.deepEqual([...time], [10, 40, 50]);
    const total = [...time].reduce((s, v) => s + v, 0);
    assert.equal(total, t.spans[0]!.durationUs);
  });

  test('a wide fan-out picks the last-finishing child; segments are indexed by span in time order', () => {
    const specs = [{ id: 'root', start: 0, duration: 1000 }];
    // 40 overlapping children (more than the insertion-sort threshold); k7 finishes last, k3 ends just before k7
    // starts, every other child ends after that.
    for (let k = 0; k < 40; k++) specs.push({ id: `k${k}`, parent: 'root', start: 10 + k, duration: k === 7 ? 900 : k === 3 ? 3 : 300 } as never);
    const t = buildTrace(makeTrace(specs));
    const path = computeCriticalPath(t);
    const byId = (i: number) => t.spans[i]!.spanId;
    assert.deepEqual(criticalSegments(path).map((s) => [byId(s.span), s.startUs - 1_000_000, s.endUs - 1_000_000]), [
      ['root', 0, 13],
      ['k3', 13, 16],
      ['root', 16, 17],
      ['k7', 17, 917],
      ['root', 917, 1000],
    ]);
    const index = path;
    const root = t.spans.findIndex((s) => s.spanId === 'root');
    assert.deepEqual(index.get(root)!.map((s) => s.startUs - 1_000_000), [0, 16, 917]);
    assert.equal(index.get(t.spans.findIndex((s) => s.spanId === 'k20')), undefined);
  });

  test('the path of a deep chain does not overflow the stack', () => {
    const specs = [{ id: 's0', start: 0, duration: 200_000 }];
    for (let i = 1; i < 20_000; i++) specs.push({ id: `s${i}`, parent: `s${i - 1}`, start: i, duration: 200_000 - 2 * i } as never);
    const t = buildTrace(makeTrace(specs));
    const path = computeCriticalPath(t);
    assert.ok(path.length >= 20_000);
  });
});

describe('minimap', () => {
  test('each span is a bar on its own rows, in its colour, errors included', () => {
    const t = buildTrace(makeTrace([
      { id: 'a', start: 0, duration: 100 },
      { id: 'b', parent: 'a', start: 50, duration: 50, error: true },
    ]));
    const px = new Uint32Array(10 * 4);
    rasterizeMinimap(t, 10, 4, (i) => (t.spans[i]!.hasError ? 2 : 1), px);
    const rows = [0, 1, 2, 3].map((y) => [...px.subarray(y * 10, y * 10 + 10)].join(''));
    assert.deepEqual(rows, ['1111111111', '1111111111', '0000022222', '0000022222']);
    assert.equal(packRgba(1, 2, 3), 0xff030201);
  });

  test('more spans than pixel rows share rows; a zero-length span is still one pixel wide', () => {
    const specs = [{ id: 'r', start: 0, duration: 1000 }];
    for (let i = 0; i < 99; i++) specs.push({ id: `c${i}`, parent: 'r', start: i * 10, duration: 0 } as never);
    const t = buildTrace(makeTrace(specs));
    const px = new Uint32Array(100 * 2);
    rasterizeMinimap(t, 100, 2, () => 7, px);
    assert.equal(px.filter((v) => v === 7).length, 100 + 50);
  });
});

describe('self time', () => {
  test('subtracts the union of children clipped to the span', () => {
    const t = buildTrace(makeTrace([
      { id: 'a', start: 0, duration: 100 },
      { id: 'b', parent: 'a', start: 10, duration: 30 }, // 10..40
      { id: 'c', parent: 'a', start: 30, duration: 20 }, // 30..50 overlaps b
      { id: 'd', parent: 'a', start: 90, duration: 50 }, // 90..140, clipped to 90..100
    ]));
    assert.deepEqual([...computeSelfTimes(t)], [50, 30, 20, 50]);
  });
});
