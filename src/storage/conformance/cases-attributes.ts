/** Attribute search in every place an attribute can live, typed values as strings, and the special keys. */
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { attr, SpanKind, StatusCode, type KeyValue, type Span, type TraceBatch } from '../../model/index.js';
import { foundIds, makeQuery, storageCase, type SuiteContext } from './conformance-case.js';
import { makeBatch, makeEvent, makeLink, makeSpan, nsMinutesAgo, spanIdOf, traceIdOf } from './trace-factory.js';

const TAG = 0xa4;
const LOCATIONS = ['span', 'event', 'link', 'resource', 'scope'] as const;
type Location = (typeof LOCATIONS)[number];

/** A one-span trace whose `attributes` sit in `where`. */
function traceWith(n: number, where: Location, attributes: KeyValue[]): TraceBatch {
  const t = traceIdOf(TAG, n);
  const start = nsMinutesAgo(9);
  const span = makeSpan({
    traceId: t,
    spanId: spanIdOf(0),
    name: 'located',
    start,
    attributes: where === 'span' ? attributes : [attr('unrelated', 'x')],
    events: where === 'event' ? [makeEvent(start, 'e', attributes)] : [makeEvent(start, 'e')],
    links: where === 'link' ? [makeLink(traceIdOf(TAG, 999), spanIdOf(9), attributes)] : [],
  });
  return makeBatch([
    {
      service: 'located',
      resourceAttributes: where === 'resource' ? attributes : [],
      scope: { name: 'located-lib', attributes: where === 'scope' ? attributes : [] },
      spans: [span],
    },
  ]);
}

const typed = (suffix: string): KeyValue[] => [
  attr(`str.${suffix}`, 'value'),
  attr(`int.${suffix}`, 123),
  attr(`double.${suffix}`, 72.5),
  attr(`bool.${suffix}`, true),
];

interface SpecialSpec {
  n: number;
  kind: SpanKind;
  status: StatusCode;
  scope: [string, string];
  spanAttributes: KeyValue[];
  resourceAttributes: KeyValue[];
}

const SPECIAL: readonly SpecialSpec[] = [
  { n: 1, kind: SpanKind.SERVER, status: StatusCode.ERROR, scope: ['lib-a', '1.0'], spanAttributes: [], resourceAttributes: [attr('deployment', 'prod')] },
  { n: 2, kind: SpanKind.CLIENT, status: StatusCode.OK, scope: ['lib-b', '2.0'], spanAttributes: [attr('deployment', 'prod')], resourceAttributes: [] },
  { n: 3, kind: SpanKind.INTERNAL, status: StatusCode.UNSET, scope: ['lib-b', '1.0'], spanAttributes: [attr('error', true)], resourceAttributes: [] },
];

function specialTrace(s: SpecialSpec): TraceBatch {
  const t = traceIdOf(TAG, 100 + s.n);
  const span: Span = makeSpan({ traceId: t, spanId: spanIdOf(0), name: 'special', kind: s.kind, status: s.status, start: nsMinutesAgo(7), attributes: s.spanAttributes });
  return makeBatch([{ service: 'special', resourceAttributes: s.resourceAttributes, scope: { name: s.scope[0], version: s.scope[1] }, spans: [span] }]);
}

export function registerAttributeCases(ctx: SuiteContext): void {
  describe('attribute search', () => {
    storageCase(ctx, 'attributes are found on span, event, link, resource and scope, compared as strings', async (backend) => {
      for (let i = 0; i < LOCATIONS.length; i++) {
        const where = LOCATIONS[i]!;
        await backend.writer.writeTraces(traceWith(i + 1, where, typed(where)));
        // A counter-example: the same keys in the same place with other values.
        await backend.writer.writeTraces(
          traceWith(i + 11, where, [attr(`str.${where}`, 'other'), attr(`int.${where}`, 124), attr(`double.${where}`, 72.25), attr(`bool.${where}`, false)]),
        );
      }
      for (let i = 0; i < LOCATIONS.length; i++) {
        const where = LOCATIONS[i]!;
        const expected = [traceIdOf(TAG, i + 1)];
        for (const [key, value] of [
          [`str.${where}`, 'value'],
          [`int.${where}`, '123'],
          [`double.${where}`, '72.5'],
          [`bool.${where}`, 'true'],
        ] as const) {
          assert.deepEqual(await foundIds(backend, makeQuery({ serviceName: 'located', attributes: [{ key, value }] })), expected, `${key}=${value}`);
        }
        const all = typed(where).map((kv, k) => ({ key: kv.key, value: ['value', '123', '72.5', 'true'][k]! }));
        assert.deepEqual(await foundIds(backend, makeQuery({ serviceName: 'located', attributes: all })), expected, `all four on the ${where}`);
      }
      assert.deepEqual(await foundIds(backend, makeQuery({ serviceName: 'located', attributes: [{ key: 'str.span', value: 'valu' }] })), []);
    });

    storageCase(ctx, 'special keys: error, span.kind, span.status, scope.name, scope.version, resource.<key>', async (backend) => {
      for (const s of SPECIAL) await backend.writer.writeTraces(specialTrace(s));
      const ids = (...ns: number[]) => ns.map((n) => traceIdOf(TAG, 100 + n));
      const q = (key: string, value: string) => foundIds(backend, makeQuery({ serviceName: 'special', attributes: [{ key, value }] }));
      assert.deepEqual(await q('error', 'true'), ids(1, 3), 'error=true: status ERROR, or a real error attribute');
      assert.deepEqual(await q('error', 'false'), ids(2, 3), 'error=false: any status but ERROR');
      assert.deepEqual(await q('span.kind', 'server'), ids(1));
      assert.deepEqual(await q('span.kind', 'client'), ids(2));
      assert.deepEqual(await q('span.kind', 'consumer'), []);
      assert.deepEqual(await q('span.status', 'ERROR'), ids(1));
      assert.deepEqual(await q('span.status', 'OK'), ids(2));
      assert.deepEqual(await q('span.status', 'UNSET'), ids(3));
      assert.deepEqual(await q('scope.name', 'lib-b'), ids(2, 3));
      assert.deepEqual(await q('scope.version', '1.0'), ids(1, 3));
      assert.deepEqual(await q('resource.deployment', 'prod'), ids(1), 'resource.<key> looks at the resource only');
      assert.deepEqual(await q('deployment', 'prod'), ids(1, 2));
      const combined = makeQuery({
        serviceName: 'special',
        attributes: [
          { key: 'scope.name', value: 'lib-b' },
          { key: 'error', value: 'true' },
        ],
      });
      assert.deepEqual(await foundIds(backend, combined), ids(3));
    });
  });
}
