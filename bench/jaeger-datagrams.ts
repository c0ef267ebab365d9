/**
 * Realistic Jaeger agent datagrams for the UDP benchmark: `Agent.emitBatch` messages in the Thrift compact protocol
 * (what Jaeger clients send to 6831), written by the `thrift` npm package through the project's reference writer.
 *
 * Each datagram is one process (one of six services, with the process tags Jaeger clients add) and `spansPerDatagram`
 * spans from traces of five spans: a server span and its children (database, cache, downstream HTTP), each with 10
 * tags (string, int, bool and double values, as clients emit them) and one log of two fields. Ids, URLs, statements
 * and user ids vary per span; keys and most values repeat, as they do in real traffic. A seed always yields the same
 * datagrams.
 */
import { TagType, encodeEmitBatch, type ThriftBatch, type ThriftSpan, type ThriftTag } from '../src/translate/jaeger-thrift/testing/jaeger-thrift-writer.js';
import { createRandom } from './otlp-payload.js';

const SERVICES = ['frontend', 'checkout', 'payments', 'inventory', 'users', 'shipping'];
const ROUTES = ['/api/orders/{id}', '/api/cart', '/api/users/{id}/profile', '/api/products', '/health', '/api/checkout'];
const METHODS = ['GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE'];
const TABLES = ['orders', 'order_items', 'users', 'products', 'stock'];
const SPANS_PER_TRACE = 5;

const s = (key: string, vStr: string): ThriftTag => ({ key, vType: TagType.STRING, vStr });
const n = (key: string, vLong: number): ThriftTag => ({ key, vType: TagType.LONG, vLong: BigInt(vLong) });
const b = (key: string, vBool: boolean): ThriftTag => ({ key, vType: TagType.BOOL, vBool });
const d = (key: string, vDouble: number): ThriftTag => ({ key, vType: TagType.DOUBLE, vDouble });

function id64(random: () => number): bigint {
  return (BigInt(Math.floor(random() * 2 ** 31)) << 32n) | BigInt(Math.floor(random() * 2 ** 32)) | 1n;
}

function spanTags(random: () => number, child: number, service: string): ThriftTag[] {
  const user = `user-${Math.floor(random() * 100_000)}`;
  const route = ROUTES[Math.floor(random() * ROUTES.length)]!;
  if (child === 0) {
    const status = random() < 0.95 ? 200 : 500;
    return [
      s('span.kind', 'server'), s('component', 'net/http'), s('http.method', METHODS[Math.floor(random() * METHODS.length)]!),
      s('http.url', `https://shop.example.com${route.replace('{id}', String(Math.floor(random() * 1e6)))}?session=${Math.floor(random() * 1e9).toString(36)}`),
      n('http.status_code', status), s('http.route', route), s('user.id', user), b('error', status >= 500),
      s('sampler.type', 'probabilistic'), d('sampler.param', 0.1),
    ];
  }
  if (child % 2 === 1) {
    const table = TABLES[Math.floor(random() * TABLES.length)]!;
    return [
      s('span.kind', 'client'), s('component', 'pgx'), s('db.type', 'postgresql'), s('db.instance', `${service}-db`),
      s('db.statement', `SELECT * FROM ${table} WHERE id = $1 AND tenant = $2 LIMIT ${1 + Math.floor(random() * 50)}`),
      s('db.user', `${service}_rw`), s('peer.address', `10.0.${Math.floor(random() * 4)}.${Math.floor(random() * 250)}:5432`),
      n('peer.port', 5432), n('db.rows', Math.floor(random() * 200)), b('cache.hit', random() < 0.3),
    ];
  }
  return [
    s('span.kind', 'client'), s('component', 'net/http'), s('http.method', 'GET'),
    s('http.url', `http://users.internal:8080/v1/users/${user}`), n('http.status_code', 200), s('peer.service', 'users'),
    s('peer.hostname', 'users.internal'), n('peer.port', 8080), d('retry.backoff', 0.05), b('retry', false),
  ];
}

function datagramBatch(random: () => number, spansPerDatagram: number): ThriftBatch {
  const service = SERVICES[Math.floor(random() * SERVICES.length)]!;
  const spans: ThriftSpan[] = [];
  let traceLow = 0n;
  let traceHigh = 0n;
  let root = 0n;
  let start = 1_760_000_000_000_000n + BigInt(Math.floor(random() * 1e9));
  for (let i = 0; i < spansPerDatagram; i++) {
    const child = i % SPANS_PER_TRACE;
    if (child === 0) {
      traceLow = id64(random);
      traceHigh = id64(random);
      root = id64(random);
    }
    const spanId = child === 0 ? root : id64(random);
    start += BigInt(Math.floor(random() * 2000));
    const tags = spanTags(random, child, service);
    spans.push({
      traceIdLow: traceLow,
      traceIdHigh: traceHigh,
      spanId,
      parentSpanId: child === 0 ? 0n : root,
      operationName: child === 0 ? `HTTP ${tags[2]!.vStr ?? 'GET'} ${ROUTES[i % ROUTES.length]}` : child % 2 === 1 ? 'SELECT' : 'HTTP GET',
      flags: 1,
      startTime: start,
      duration: BigInt(200 + Math.floor(random() * 50_000)),
      tags,
      logs: [
        {
          timestamp: start + 100n,
          fields: child === 0
            ? [s('event', 'request.received'), s('message', `handling request ${Math.floor(random() * 1e9).toString(36)}`)]
            : [s('event', 'retry'), n('attempt', 1 + Math.floor(random() * 3))],
        },
      ],
    });
  }
  return {
    process: {
      serviceName: service,
      tags: [
        s('jaeger.version', 'Go-2.30.0'),
        s('hostname', `${service}-7d9f8b6c5-${Math.floor(random() * 1e5).toString(36)}`),
        s('ip', `10.42.${Math.floor(random() * 8)}.${Math.floor(random() * 250)}`),
        s('client-uuid', Math.floor(random() * 2 ** 48).toString(16)),
      ],
    },
    spans,
  };
}

/** `count` distinct compact-protocol emitBatch datagrams of `spansPerDatagram` spans each. */
export function createJaegerCompactDatagrams(count: number, spansPerDatagram: number, seed = 1): Buffer[] {
  const random = createRandom(seed);
  return Array.from({ length: count }, (_, i) => encodeEmitBatch(datagramBatch(random, spansPerDatagram), 'compact', { seqid: i }));
}
