import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SpanKind, StatusCode, attr, boolValue, stringValue, type KeyValue, type Span } from '../../model/index.js';
import { applyJaegerSpanTags, NO_SCOPE } from './jaeger-span-tags.js';
import { nameEventFromFields } from './jaeger-log-fields.js';
import { RefType, resolveJaegerReferences, type JaegerReference } from './jaeger-references.js';
import { jaegerProcessToResource } from './jaeger-process.js';
import { createEmptySpan } from './span-batch-builder.js';

function spanWith(attributes: KeyValue[]): Span {
  const span = createEmptySpan();
  span.attributes = attributes;
  return span;
}

const T = 'aaaaaaaaaaaaaaaabbbbbbbbbbbbbbbb';

describe('span tags with meaning', () => {
  test('span.kind values map to kinds and the tag is removed', () => {
    const cases: Array<[KeyValue['value'], SpanKind]> = [
      [stringValue('client'), SpanKind.CLIENT],
      [stringValue('server'), SpanKind.SERVER],
      [stringValue('producer'), SpanKind.PRODUCER],
      [stringValue('consumer'), SpanKind.CONSUMER],
      [stringValue('internal'), SpanKind.INTERNAL],
      [stringValue('CLIENT'), SpanKind.UNSPECIFIED],
      [boolValue(true), SpanKind.UNSPECIFIED],
    ];
    for (const [value, kind] of cases) {
      const span = spanWith([attr('a', 1), { key: 'span.kind', value }]);
      applyJaegerSpanTags(span);
      assert.equal(span.kind, kind, JSON.stringify(value));
      assert.deepEqual(span.attributes, [attr('a', 1)]);
    }
  });

  test('error=true wins over otel.status_code and takes otel.status_description', () => {
    const span = spanWith([attr('error', true), attr('otel.status_code', 'OK'), attr('otel.status_description', 'boom'), attr('x', 'y')]);
    applyJaegerSpanTags(span);
    assert.deepEqual(span.status, { code: StatusCode.ERROR, message: 'boom' });
    assert.deepEqual(span.attributes, [attr('x', 'y')]);
  });

  test('error=true falls back to http.status_message, which stays', () => {
    const span = spanWith([attr('http.status_message', 'Bad Gateway'), attr('error', true)]);
    applyJaegerSpanTags(span);
    assert.deepEqual(span.status, { code: StatusCode.ERROR, message: 'Bad Gateway' });
    assert.deepEqual(span.attributes, [attr('http.status_message', 'Bad Gateway')]);
  });

  test('error=false and a string error stay attributes', () => {
    for (const value of [boolValue(false), stringValue('true')]) {
      const span = spanWith([{ key: 'error', value }]);
      applyJaegerSpanTags(span);
      assert.deepEqual(span.status, { code: StatusCode.UNSET, message: '' });
      assert.equal(span.attributes.length, 1);
    }
  });

  test('otel.status_code is case-insensitive; unknown values leave the code unset', () => {
    const cases: Array<[string, StatusCode]> = [['ok', StatusCode.OK], ['Error', StatusCode.ERROR], ['UNSET', StatusCode.UNSET], ['bogus', StatusCode.UNSET]];
    for (const [value, code] of cases) {
      const span = spanWith([attr('otel.status_code', value), attr('otel.status_description', 'd')]);
      applyJaegerSpanTags(span);
      assert.deepEqual(span.status, { code, message: 'd' }, value);
      assert.deepEqual(span.attributes, []);
    }
  });

  test('http.status_code decides the status only without error or otel.status_code', () => {
    const cases: Array<[KeyValue[], SpanKind | undefined, StatusCode]> = [
      [[attr('http.status_code', 500)], undefined, StatusCode.ERROR],
      [[attr('http.status_code', '503')], undefined, StatusCode.ERROR],
      [[attr('http.status_code', 404)], SpanKind.CLIENT, StatusCode.ERROR],
      [[attr('http.status_code', 404)], SpanKind.SERVER, StatusCode.UNSET],
      [[attr('http.status_code', 404)], undefined, StatusCode.ERROR],
      [[attr('http.status_code', 200)], undefined, StatusCode.UNSET],
      [[attr('http.status_code', 399)], undefined, StatusCode.ERROR],
      [[attr('http.status_code', 500.5)], undefined, StatusCode.UNSET],
      [[attr('http.status_code', 'abc')], undefined, StatusCode.UNSET],
    ];
    for (const [attributes, kind, code] of cases) {
      const tags = kind === undefined ? attributes : [...attributes, attr('span.kind', kind === SpanKind.CLIENT ? 'client' : 'server')];
      const span = spanWith([...tags, attr('http.status_message', 'msg')]);
      applyJaegerSpanTags(span);
      assert.equal(span.status.code, code, tags.map((t) => `${t.key}=${String(t.value.value)}`).join(" "));
      assert.equal(span.status.message, code === StatusCode.UNSET ? '' : 'msg');
      assert.ok(span.attributes.some((a) => a.key === 'http.status_code'), 'http.status_code stays');
    }
  });

  test('scope from otel.scope.* (or otel.library.*), version only with a name', () => {
    const withScope = spanWith([attr('otel.scope.name', 'lib'), attr('otel.scope.version', '1.0'), attr('k', 'v')]);
    assert.deepEqual(applyJaegerSpanTags(withScope), { name: 'lib', version: '1.0' });
    assert.deepEqual(withScope.attributes, [attr('k', 'v')]);
    const legacy = spanWith([attr('otel.library.version', '2'), attr('otel.library.name', 'old')]);
    assert.deepEqual(applyJaegerSpanTags(legacy), { name: 'old', version: '2' });
    const versionOnly = spanWith([attr('otel.scope.version', '3')]);
    assert.equal(applyJaegerSpanTags(versionOnly), NO_SCOPE);
    assert.deepEqual(versionOnly.attributes, [attr('otel.scope.version', '3')]);
  });

  test('w3c.tracestate becomes the trace state', () => {
    const span = spanWith([attr('w3c.tracestate', 'a=1,b=2')]);
    applyJaegerSpanTags(span);
    assert.equal(span.traceState, 'a=1,b=2');
    assert.deepEqual(span.attributes, []);
  });

  test('log fields: `event` names the event (first one only) and is removed', () => {
    const fields = [attr('message', 'hello'), attr('event', 'cache.miss'), attr('event', 'second')];
    assert.equal(nameEventFromFields(fields), 'cache.miss');
    assert.deepEqual(fields, [attr('message', 'hello'), attr('event', 'second')]);
    assert.equal(nameEventFromFields([attr('message', 'only')]), '');
  });
});

describe('references', () => {
  const ref = (refType: number, spanId: string, traceId = T): JaegerReference => ({ refType, traceId, spanId });
  const resolve = (parentField: string, refs: JaegerReference[] | null): Span => {
    const span = createEmptySpan();
    span.traceId = T;
    resolveJaegerReferences(span, parentField, refs);
    return span;
  };
  const linked = (span: Span): string[][] => span.links.map((l) => [l.spanId, String(l.attributes[0]!.value.value)]);

  test('parentSpanId is the parent; zero means none', () => {
    assert.equal(resolve('0000000000000001', null).parentSpanId, '0000000000000001');
    assert.equal(resolve('0000000000000000', null).parentSpanId, '');
    assert.equal(resolve('', null).parentSpanId, '');
  });

  test('without parentSpanId the first CHILD_OF of the same trace is the parent; the others are links', () => {
    const span = resolve('', [ref(RefType.FOLLOWS_FROM, '00000000000000f1'), ref(RefType.CHILD_OF, '00000000000000c1', 'cc'.repeat(16)), ref(RefType.CHILD_OF, '00000000000000c2')]);
    assert.equal(span.parentSpanId, '00000000000000c2');
    assert.deepEqual(linked(span), [['00000000000000f1', 'follows_from'], ['00000000000000c1', 'child_of']]);
  });

  test('parentSpanId wins over references to other spans, which stay links', () => {
    const span = resolve('0000000000000009', [ref(RefType.CHILD_OF, '0000000000000008')]);
    assert.equal(span.parentSpanId, '0000000000000009');
    assert.deepEqual(linked(span), [['0000000000000008', 'child_of']]);
  });

  test('a FOLLOWS_FROM reference to the parentSpanId leaves no parent (Jaeger model semantics)', () => {
    const span = resolve('0000000000000009', [ref(RefType.FOLLOWS_FROM, '0000000000000009')]);
    assert.equal(span.parentSpanId, '');
    assert.deepEqual(linked(span), [['0000000000000009', 'follows_from']]);
  });

  test('a CHILD_OF to the parent is not repeated as a link', () => {
    const span = resolve('0000000000000009', [ref(RefType.CHILD_OF, '0000000000000009')]);
    assert.equal(span.parentSpanId, '0000000000000009');
    assert.deepEqual(span.links, []);
  });
});

describe('process → resource', () => {
  test('service.name first, then tags; hostname and jaeger.version renamed', () => {
    const r = jaegerProcessToResource('svc', [attr('hostname', 'h1'), attr('jaeger.version', 'Go-2.30.0'), attr('ip', '10.1.2.3')]);
    assert.deepEqual(r.attributes, [attr('service.name', 'svc'), attr('ip', '10.1.2.3'), attr('host.name', 'h1'), attr('opencensus.exporterversion', 'Jaeger-Go-2.30.0')]);
  });

  test('existing targets are not overwritten; an empty or placeholder service name adds none', () => {
    const r = jaegerProcessToResource('', [attr('hostname', 'h1'), attr('host.name', 'h2')]);
    assert.deepEqual(r.attributes, [attr('hostname', 'h1'), attr('host.name', 'h2')]);
    assert.deepEqual(jaegerProcessToResource('OTLPResourceNoServiceName', [attr('a', 1)]).attributes, []);
    assert.deepEqual(jaegerProcessToResource('svc', [attr('service.name', 'other')]).attributes, [attr('service.name', 'svc')]);
  });
});
