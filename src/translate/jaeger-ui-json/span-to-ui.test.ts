import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { attr, SpanKind, StatusCode, type InstrumentationScope, type Span } from '../../model/index.js';
import { spanToUi } from './span-to-ui.js';

const TRACE = '00000000000000000000000000000001';
const SCOPE: InstrumentationScope = { name: '', version: '', attributes: [], droppedAttributesCount: 0 };

function span(overrides: Partial<Span> = {}): Span {
  return {
    traceId: TRACE,
    spanId: '0000000000000002',
    parentSpanId: '',
    traceState: '',
    flags: 0,
    name: 'op',
    kind: SpanKind.UNSPECIFIED,
    startTimeUnixNano: 1485467191639875123n,
    endTimeUnixNano: 1485467191639880999n,
    attributes: [],
    droppedAttributesCount: 0,
    events: [],
    droppedEventsCount: 0,
    links: [],
    droppedLinksCount: 0,
    status: { code: StatusCode.UNSET, message: '' },
    ...overrides,
  };
}

describe('spanToUi', () => {
  test('a minimal root span: 16-hex trace id, no flags, empty arrays, truncated microseconds', () => {
    const ui = spanToUi(span(), SCOPE, 'p1', undefined);
    assert.equal(
      JSON.stringify(ui),
      '{"traceID":"0000000000000001","spanID":"0000000000000002","operationName":"op","references":[],' +
        '"startTime":1485467191639875,"duration":5,"tags":[],"logs":[],"processID":"p1","warnings":null}',
    );
  });

  test('flags keep the W3C bits only and sit after spanID; 128-bit trace ids stay 32 characters', () => {
    const ui = spanToUi(span({ flags: 0x301, traceId: 'a'.repeat(32) }), SCOPE, 'p2', ['w1']);
    assert.deepEqual(Object.keys(ui), [
      'traceID', 'spanID', 'flags', 'operationName', 'references', 'startTime', 'duration', 'tags', 'logs',
      'processID', 'warnings',
    ]);
    assert.equal(ui.flags, 1);
    assert.equal(ui.traceID, 'a'.repeat(32));
    assert.deepEqual(ui.warnings, ['w1']);
  });

  test('tags in translator order: scope, attributes, kind, status, error, description, trace state', () => {
    const ui = spanToUi(
      span({
        kind: SpanKind.SERVER,
        attributes: [attr('http.status_code', 500), attr('big', 2n ** 60n)],
        status: { code: StatusCode.ERROR, message: 'boom' },
        traceState: 'vendor=1',
      }),
      { name: 'lib', version: '1.2', attributes: [], droppedAttributesCount: 0 },
      'p1',
      undefined,
    );
    assert.deepEqual(ui.tags, [
      { key: 'otel.scope.name', type: 'string', value: 'lib' },
      { key: 'otel.scope.version', type: 'string', value: '1.2' },
      { key: 'http.status_code', type: 'int64', value: 500 },
      { key: 'big', type: 'int64', value: '1152921504606846976' },
      { key: 'span.kind', type: 'string', value: 'server' },
      { key: 'otel.status_code', type: 'string', value: 'ERROR' },
      { key: 'error', type: 'bool', value: true },
      { key: 'otel.status_description', type: 'string', value: 'boom' },
      { key: 'w3c.tracestate', type: 'string', value: 'vendor=1' },
    ]);
  });

  test('OK status gives otel.status_code without error; unspecified kind gives no span.kind', () => {
    const ui = spanToUi(span({ status: { code: StatusCode.OK, message: '' } }), SCOPE, 'p1', undefined);
    assert.deepEqual(ui.tags, [{ key: 'otel.status_code', type: 'string', value: 'OK' }]);
  });

  test('references: parent first, links as FOLLOWS_FROM, child_of links, a link to the parent retypes it', () => {
    const link = (traceId: string, spanId: string, refType?: string) => ({
      traceId,
      spanId,
      traceState: '',
      attributes: refType === undefined ? [] : [attr('opentracing.ref_type', refType)],
      droppedAttributesCount: 0,
      flags: 0,
    });
    const ui = spanToUi(
      span({
        parentSpanId: '00000000000000aa',
        links: [
          link(TRACE, '00000000000000aa', 'follows_from'),
          link('000000000000000000000000000000ff', '00000000000000ff'),
          link(TRACE, '00000000000000bb', 'child_of'),
        ],
      }),
      SCOPE,
      'p1',
      undefined,
    );
    assert.deepEqual(ui.references, [
      { refType: 'FOLLOWS_FROM', traceID: '0000000000000001', spanID: '00000000000000aa' },
      { refType: 'FOLLOWS_FROM', traceID: '00000000000000ff', spanID: '00000000000000ff' },
      { refType: 'CHILD_OF', traceID: '0000000000000001', spanID: '00000000000000bb' },
    ]);
  });

  test('events become logs with the name as field "event" unless an attribute already has that key', () => {
    const ui = spanToUi(
      span({
        events: [
          { timeUnixNano: 1000001999n, name: 'exception', attributes: [attr('exception.type', 'E')], droppedAttributesCount: 0 },
          { timeUnixNano: 2000000000n, name: 'ignored', attributes: [attr('event', 'own')], droppedAttributesCount: 0 },
          { timeUnixNano: 3000000000n, name: '', attributes: [], droppedAttributesCount: 0 },
        ],
      }),
      SCOPE,
      'p1',
      undefined,
    );
    assert.deepEqual(ui.logs, [
      {
        timestamp: 1000001,
        fields: [
          { key: 'event', type: 'string', value: 'exception' },
          { key: 'exception.type', type: 'string', value: 'E' },
        ],
      },
      { timestamp: 2000000, fields: [{ key: 'event', type: 'string', value: 'own' }] },
      { timestamp: 3000000, fields: [] },
    ]);
  });

  test('an end before the start gives duration 0', () => {
    const ui = spanToUi(span({ endTimeUnixNano: 1n }), SCOPE, 'p1', undefined);
    assert.equal(ui.duration, 0);
  });
});
