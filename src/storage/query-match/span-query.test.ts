import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  attr,
  SpanKind,
  StatusCode,
  type InstrumentationScope,
  type KeyValue,
  type Resource,
  type Span,
} from '../../model/index.js';
import type { AttributeFilter, TraceQuery } from '../api/index.js';
import { compileAttributeFilter, spanMatchesQuery } from './index.js';

function makeSpan(overrides: Partial<Span> = {}): Span {
  return {
    traceId: '0123456789abcdef0123456789abcdef',
    spanId: '0123456789abcdef',
    parentSpanId: '',
    traceState: '',
    flags: 1,
    name: 'GET /users',
    kind: SpanKind.SERVER,
    startTimeUnixNano: 1_700_000_000_000_000_000n,
    endTimeUnixNano: 1_700_000_000_000_005_000n,
    attributes: [attr('http.method', 'GET'), attr('http.status_code', 200), attr('ratio', 72.5), attr('cached', true)],
    droppedAttributesCount: 0,
    events: [{ timeUnixNano: 1_700_000_000_000_001_000n, name: 'log', attributes: [attr('event.k', 'ev')], droppedAttributesCount: 0 }],
    droppedEventsCount: 0,
    links: [
      {
        traceId: 'fedcba9876543210fedcba9876543210',
        spanId: 'fedcba9876543210',
        traceState: '',
        attributes: [attr('link.k', 'lv')],
        droppedAttributesCount: 0,
        flags: 0,
      },
    ],
    droppedLinksCount: 0,
    status: { code: StatusCode.UNSET, message: '' },
    ...overrides,
  };
}

const resource: Resource = { attributes: [attr('service.name', 'api'), attr('host.name', 'h1')], droppedAttributesCount: 0 };
const scope: InstrumentationScope = { name: 'lib', version: '1.2.3', attributes: [attr('scope.k', 'sv')], droppedAttributesCount: 0 };

function query(partial: Partial<TraceQuery>): TraceQuery {
  return {
    serviceName: '',
    operationName: '',
    attributes: [],
    startTimeMin: undefined,
    startTimeMax: undefined,
    durationMin: undefined,
    durationMax: undefined,
    searchDepth: 20,
    ...partial,
  };
}

function matches(filters: AttributeFilter[], span: Span = makeSpan()): boolean {
  return spanMatchesQuery(query({ attributes: filters }), span, resource, scope);
}

describe('spanMatchesQuery', () => {
  test('service, operation, start and duration bounds are inclusive', () => {
    const s = makeSpan();
    assert.equal(spanMatchesQuery(query({ serviceName: 'api', operationName: 'GET /users' }), s, resource, scope), true);
    assert.equal(spanMatchesQuery(query({ serviceName: 'web' }), s, resource, scope), false);
    assert.equal(spanMatchesQuery(query({ operationName: 'GET' }), s, resource, scope), false);
    const start = s.startTimeUnixNano;
    assert.equal(spanMatchesQuery(query({ startTimeMin: start, startTimeMax: start }), s, resource, scope), true);
    assert.equal(spanMatchesQuery(query({ startTimeMin: start + 1n }), s, resource, scope), false);
    assert.equal(spanMatchesQuery(query({ startTimeMax: start - 1n }), s, resource, scope), false);
    assert.equal(spanMatchesQuery(query({ durationMin: 5000n, durationMax: 5000n }), s, resource, scope), true);
    assert.equal(spanMatchesQuery(query({ durationMin: 5001n }), s, resource, scope), false);
    assert.equal(spanMatchesQuery(query({ durationMax: 4999n }), s, resource, scope), false);
  });

  test('attributes match by string form in every location', () => {
    assert.equal(matches([{ key: 'http.method', value: 'GET' }]), true);
    assert.equal(matches([{ key: 'http.status_code', value: '200' }]), true);
    assert.equal(matches([{ key: 'ratio', value: '72.5' }]), true);
    assert.equal(matches([{ key: 'cached', value: 'true' }]), true);
    assert.equal(matches([{ key: 'event.k', value: 'ev' }]), true);
    assert.equal(matches([{ key: 'link.k', value: 'lv' }]), true);
    assert.equal(matches([{ key: 'host.name', value: 'h1' }]), true);
    assert.equal(matches([{ key: 'scope.k', value: 'sv' }]), true);
    assert.equal(matches([{ key: 'http.method', value: 'POST' }]), false);
    assert.equal(matches([{ key: 'http.status_code', value: '200.0' }]), false);
    assert.equal(matches([{ key: 'missing', value: '' }]), false);
  });

  test('all filters must hold together', () => {
    assert.equal(matches([{ key: 'http.method', value: 'GET' }, { key: 'scope.k', value: 'sv' }]), true);
    assert.equal(matches([{ key: 'http.method', value: 'GET' }, { key: 'scope.k', value: 'x' }]), false);
  });

  test('error is the ERROR status or a real error attribute', () => {
    const failed = makeSpan({ status: { code: StatusCode.ERROR, message: 'boom' } });
    assert.equal(matches([{ key: 'error', value: 'true' }], failed), true);
    assert.equal(matches([{ key: 'error', value: 'false' }], failed), false);
    assert.equal(matches([{ key: 'error', value: 'true' }]), false);
    assert.equal(matches([{ key: 'error', value: 'false' }]), true);
    const tagged = makeSpan({ attributes: [attr('error', true)] });
    assert.equal(matches([{ key: 'error', value: 'true' }], tagged), true);
  });

  test('span.kind, span.status, scope.name, scope.version', () => {
    assert.equal(matches([{ key: 'span.kind', value: 'server' }]), true);
    assert.equal(matches([{ key: 'span.kind', value: 'SERVER' }]), true);
    assert.equal(matches([{ key: 'span.kind', value: 'client' }]), false);
    assert.equal(matches([{ key: 'span.kind', value: 'unspecified' }], makeSpan({ kind: SpanKind.UNSPECIFIED })), true);
    assert.equal(matches([{ key: 'span.status', value: 'UNSET' }]), true);
    assert.equal(matches([{ key: 'span.status', value: 'ok' }], makeSpan({ status: { code: StatusCode.OK, message: '' } })), true);
    assert.equal(matches([{ key: 'span.status', value: 'ERROR' }]), false);
    assert.equal(matches([{ key: 'otel.status_code', value: 'OK' }], makeSpan({ status: { code: StatusCode.OK, message: '' } })), true);
    assert.equal(matches([{ key: 'scope.name', value: 'lib' }]), true);
    assert.equal(matches([{ key: 'scope.version', value: '1.2.3' }]), true);
    assert.equal(matches([{ key: 'scope.name', value: 'other' }]), false);
  });

  test('resource.<key> looks only at the resource', () => {
    assert.equal(matches([{ key: 'resource.host.name', value: 'h1' }]), true);
    assert.equal(matches([{ key: 'resource.http.method', value: 'GET' }]), false);
    const withLiteral: KeyValue[] = [attr('resource.host.name', 'h1')];
    assert.equal(compileAttributeFilter({ key: 'resource.host.name', value: 'h1' }).resourceKey, 'host.name');
    const other: Resource = { attributes: [attr('service.name', 'api')], droppedAttributesCount: 0 };
    assert.equal(
      spanMatchesQuery(query({ attributes: [{ key: 'resource.host.name', value: 'h1' }] }), makeSpan({ attributes: withLiteral }), other, scope),
      false,
    );
  });

  test('int64 beyond 2^53 compares exactly', () => {
    const big = makeSpan({ attributes: [attr('big', 9007199254740993n)] });
    assert.equal(matches([{ key: 'big', value: '9007199254740993' }], big), true);
    assert.equal(matches([{ key: 'big', value: '9007199254740992' }], big), false);
  });
});
