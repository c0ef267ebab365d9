import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { attr, SpanKind, StatusCode, type KeyValue, type ResourceSpans, type Span, type Trace } from '../../model/index.js';
import { traceToUi } from './trace-to-ui.js';

const TRACE = '0af7651916cd43dd8448eb211c80319c';

function span(spanId: string, parentSpanId = ''): Span {
  return {
    traceId: TRACE,
    spanId,
    parentSpanId,
    traceState: '',
    flags: 1,
    name: `op-${spanId}`,
    kind: SpanKind.INTERNAL,
    startTimeUnixNano: 1_700_000_000_000_000_000n,
    endTimeUnixNano: 1_700_000_000_001_000_000n,
    attributes: [],
    droppedAttributesCount: 0,
    events: [],
    droppedEventsCount: 0,
    links: [],
    droppedLinksCount: 0,
    status: { code: StatusCode.UNSET, message: '' },
  };
}

function resourceSpans(attributes: KeyValue[], spans: Span[]): ResourceSpans {
  return {
    resource: { attributes, droppedAttributesCount: 0 },
    scopeSpans: [{ scope: { name: '', version: '', attributes: [], droppedAttributesCount: 0 }, spans, schemaUrl: '' }],
    schemaUrl: '',
  };
}

describe('traceToUi', () => {
  test('resources become processes; equal ones are shared; ids follow first use', () => {
    const a = [attr('service.name', 'frontend'), attr('host.name', 'h1')];
    const b = [attr('service.name', 'backend')];
    const trace: Trace = {
      traceId: TRACE,
      resourceSpans: [
        resourceSpans(a, [span('0000000000000001')]),
        resourceSpans(b, [span('0000000000000002', '0000000000000001')]),
        resourceSpans([...a], [span('0000000000000003', '0000000000000001')]),
        resourceSpans([], [span('0000000000000004', '0000000000000001')]),
        resourceSpans([attr('service.name', 'unused')], []),
      ],
    };
    const ui = traceToUi(trace);
    assert.equal(ui.traceID, TRACE);
    assert.deepEqual(
      ui.spans.map((s) => [s.spanID, s.processID]),
      [
        ['0000000000000001', 'p1'],
        ['0000000000000002', 'p2'],
        ['0000000000000003', 'p1'],
        ['0000000000000004', 'p3'],
      ],
    );
    assert.deepEqual(ui.processes, {
      p1: { serviceName: 'frontend', tags: [{ key: 'host.name', type: 'string', value: 'h1' }] },
      p2: { serviceName: 'backend', tags: [] },
      p3: { serviceName: 'OTLPResourceNoServiceName', tags: [] },
    });
    assert.equal(ui.warnings, null);
  });

  test('processes are listed in Go map order (p1, p10, p11, p2, …)', () => {
    const rss: ResourceSpans[] = [];
    for (let i = 1; i <= 11; i++) {
      rss.push(resourceSpans([attr('service.name', `s${i}`)], [span(i.toString(16).padStart(16, '0'))]));
    }
    const ui = traceToUi({ traceId: TRACE, resourceSpans: rss });
    assert.deepEqual(Object.keys(ui.processes), ['p1', 'p10', 'p11', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8', 'p9']);
    assert.equal(ui.processes['p10']!.serviceName, 's10');
  });

  test('span warnings come from the lookup', () => {
    const s = span('0000000000000001');
    const ui = traceToUi({ traceId: TRACE, resourceSpans: [resourceSpans([attr('service.name', 'x')], [s])] }, new Map([[s, ['adjusted']]]));
    assert.deepEqual(ui.spans[0]!.warnings, ['adjusted']);
  });

  test('an empty trace keeps its id in Jaeger form', () => {
    const ui = traceToUi({ traceId: '0000000000000000000000000000abcd', resourceSpans: [] });
    assert.deepEqual(ui, { traceID: '000000000000abcd', spans: [], processes: {}, warnings: null });
  });
});
