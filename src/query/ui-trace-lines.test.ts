import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { UiSpan, UiTrace } from '../translate/jaeger-ui-json/index.js';
import { encodeUiTraceLines, UI_FLAG_ERROR, UI_FLAG_WARNINGS, UI_TRACE_FORMAT, type UiSpanLine, type UiTraceHeader } from './ui-trace-lines.js';

const T = 'aaaa';
function span(spanID: string, over: Partial<UiSpan> = {}): UiSpan {
  return { traceID: T, spanID, operationName: `op-${spanID}`, references: [], startTime: 1_000_000, duration: 10, tags: [], logs: [], processID: 'p1', warnings: null, ...over };
}
const childOf = (spanID: string) => ({ refType: 'CHILD_OF' as const, traceID: T, spanID });
const followsFrom = (spanID: string, traceID = T) => ({ refType: 'FOLLOWS_FROM' as const, traceID, spanID });

function encode(spans: UiSpan[], processes: UiTrace['processes'] = { p1: { serviceName: 'svc', tags: [] } }) {
  const lines = encodeUiTraceLines({ traceID: T, spans, processes, warnings: null });
  return { header: JSON.parse(lines[0]!) as UiTraceHeader, details: lines.slice(1).map((l) => JSON.parse(l) as UiSpanLine), lines };
}

describe('encodeUiTraceLines', () => {
  test('a header line with the columns, then one line per span', () => {
    const { header, details, lines } = encode([
      span('0000000000000001', { startTime: 1_000_500, duration: 7, operationName: 'GET /', tags: [{ key: 'span.kind', type: 'string', value: 'server' }] }),
      span('0000000000000002', { references: [childOf('0000000000000001')], processID: 'p2', startTime: 1_000_000 }),
    ], { p1: { serviceName: 'front', tags: [{ key: 'host', type: 'string', value: 'h' }] }, p2: { serviceName: 'back', tags: [] } });
    assert.equal(lines.length, 3);
    assert.ok(lines.every((l) => !l.includes('\n')));
    assert.equal(header.format, UI_TRACE_FORMAT);
    assert.equal(header.startUs, 1_000_000);
    assert.deepEqual(header.processes.map((p) => p.serviceName), ['front', 'back']);
    assert.deepEqual(header.spans, {
      idString: '00000000000000010000000000000002',
      parents: [-1, 0],
      starts: [500, 0],
      durations: [7, 10],
      processes: [0, 1],
      names: [0, 1],
      flags: [2 << 1, 0],
    });
    assert.deepEqual(header.names, ['GET /', 'op-0000000000000002']);
    assert.deepEqual(details[0], { t: [[0, 0, 'server']] });
    assert.deepEqual(details[1], {});
  });

  test('tags, logs, links and warnings use the key table and type codes', () => {
    const { header, details } = encode([
      span('01', {
        tags: [
          { key: 'n', type: 'int64', value: 5 },
          { key: 'ok', type: 'bool', value: false },
          { key: 'error', type: 'bool', value: true },
        ],
        logs: [{ timestamp: 1_000_003, fields: [{ key: 'event', type: 'string', value: 'retry' }, { key: 'n', type: 'float64', value: 1.5 }] }],
        references: [followsFrom('02'), followsFrom('99', 'bbbb')],
        warnings: ['clock skew adjusted'],
      }),
      span('02'),
    ]);
    assert.deepEqual(header.keys, ['n', 'ok', 'error', 'event']);
    // The first in-trace FOLLOWS_FROM is the parent edge (the parent comes first); the other reference stays a link.
    assert.deepEqual(header.spans.ids, ['02', '01']);
    assert.deepEqual(header.spans.parents, [-1, 0]);
    assert.equal(header.spans.flags[1], UI_FLAG_ERROR | UI_FLAG_WARNINGS);
    assert.deepEqual(details[1], {
      t: [[0, 2, 5], [1, 1, false], [2, 1, true]],
      l: [[1_000_003, [[3, 0, 'retry'], [0, 3, 1.5]]]],
      r: [['FOLLOWS_FROM', 'bbbb', '99', -1]],
      w: ['clock skew adjusted'],
    });
  });

  test('a CHILD_OF reference wins over an earlier FOLLOWS_FROM; extra in-trace references are links with their target', () => {
    const { header, details } = encode([
      span('01'),
      span('02'),
      span('03', { references: [followsFrom('01'), childOf('02')] }),
    ]);
    assert.equal(header.spans.parents[2], 1);
    assert.deepEqual(details[2], { r: [['FOLLOWS_FROM', T, '01', 0]] });
  });

  test('missing parents are orphans, repeated ids keep the first span, unknown processes keep their id', () => {
    const { header } = encode([
      span('01', { references: [childOf('77')] }),
      span('02', { processID: 'p9' }),
      span('01', { operationName: 'again' }),
    ]);
    assert.deepEqual(header.spans.ids, ['01', '02']);
    assert.deepEqual(header.spans.parents, [-1, -1]);
    assert.deepEqual(header.orphans, [[0, '77']]);
    assert.deepEqual(header.duplicates, ['01']);
    assert.equal(header.processes[header.spans.processes[1]!]!.serviceName, 'p9');
  });

  test('spans come in the order of the waterfall: pre-order, siblings by start, cycles last', () => {
    const { header } = encode([
      span('c2', { references: [childOf('r')], startTime: 30 }),
      span('x', { references: [childOf('y')], startTime: 1 }),
      span('r', { startTime: 10 }),
      span('g', { references: [childOf('c1')], startTime: 25 }),
      span('y', { references: [childOf('x')], startTime: 2 }),
      span('c1', { references: [childOf('r')], startTime: 20 }),
      span('r0', { startTime: 5 }),
    ]);
    assert.deepEqual(header.spans.ids, ['r0', 'r', 'c1', 'g', 'c2', 'x', 'y']);
    assert.deepEqual(header.spans.parents, [-1, -1, 1, 2, 1, 6, 5]);
  });

  test('an unusual span.kind is flagged as "other"; an empty trace has only the header', () => {
    const { header } = encode([span('01', { tags: [{ key: 'span.kind', type: 'string', value: 'rpc' }], warnings: ['w'] })]);
    assert.equal(header.spans.flags[0], (7 << 1) | UI_FLAG_WARNINGS);
    assert.deepEqual(header.otherKinds, [[0, 'rpc']]);
    assert.equal(encodeUiTraceLines({ traceID: T, spans: [], processes: {}, warnings: null }).length, 1);
  });
});
