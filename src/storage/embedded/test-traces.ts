/**
 * Batches for the embedded store's own tests: `count` traces numbered from `first`, each of four spans over two
 * services (frontend → api → two db calls), with a few attributes. Trace `n` always has the same id and content.
 */
import { attr, SpanKind, type TraceBatch } from '../../model/index.js';
import { makeBatch, makeSpan, nsMinutesAgo, spanIdOf, traceIdOf } from '../conformance/index.js';

export const TEST_TAG = 0xe1;

export function testTraceId(n: number): string {
  return traceIdOf(TEST_TAG, n);
}

export function testTraces(first: number, count: number, minutesAgo = 10): TraceBatch {
  const start = nsMinutesAgo(minutesAgo);
  const frontend = [];
  const api = [];
  for (let n = first; n < first + count; n++) {
    const t = testTraceId(n);
    const at = start + BigInt(n) * 1000n;
    frontend.push(
      makeSpan({ traceId: t, spanId: spanIdOf(0), name: 'GET /checkout', kind: SpanKind.SERVER, start: at, attributes: [attr('n', n), attr('user.id', `user-${n % 97}`)] }),
      makeSpan({ traceId: t, spanId: spanIdOf(1), parentSpanId: spanIdOf(0), name: 'call api', kind: SpanKind.CLIENT, start: at + 10n }),
    );
    api.push(
      makeSpan({ traceId: t, spanId: spanIdOf(2), parentSpanId: spanIdOf(1), name: 'handle', kind: SpanKind.SERVER, start: at + 20n, attributes: [attr('http.status_code', n % 10 === 0 ? 500 : 200)] }),
      makeSpan({ traceId: t, spanId: spanIdOf(3), parentSpanId: spanIdOf(2), name: 'select', kind: SpanKind.CLIENT, start: at + 30n, attributes: [attr('db.statement', `select * from items where id = ${n}`)] }),
    );
  }
  return makeBatch([
    { service: 'frontend', spans: frontend },
    { service: 'api', spans: api },
  ]);
}
