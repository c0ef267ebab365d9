/**
 * Classic API routes about services and their calls:
 * - `GET /api/services` → service names (sorted), `total` = count;
 * - `GET /api/services/{service}/operations` (legacy) → unique operation names of every span kind;
 * - `GET /api/operations?service=&spanKind=` → `[{name, spanKind}]` (`service` required; no `spanKind` = all kinds);
 * - `GET /api/dependencies?endTs=&lookback=&service=` → `[{parent, child, callCount}]`, times in ms (defaults: now,
 *   24h), edges summed per (parent, child), optionally only those touching `service`.
 */
import type { FastifyInstance } from 'fastify';
import { parseSpanKindName, type Operation } from '../storage/api/index.js';
import { BadRequestError } from './bad-request.js';
import { parseGoInt } from './go-strconv.js';
import { sendJson, wantsPrettyPrint } from './json-reply.js';
import type { QueryContext } from './query-context.js';
import { firstValue, searchParamsOf } from './query-string.js';
import { v1Envelope } from './v1-envelope.js';

const NS_PER_MS = 1_000_000n;
const DEFAULT_DEPENDENCY_LOOKBACK_MS = 86_400_000n;

export function registerV1MetadataRoutes(app: FastifyInstance, ctx: QueryContext): void {
  app.get('/services', { config: { operation: 'get_services' } }, async (request, reply) => {
    const services = [...(await ctx.reader.getServices())].sort();
    return sendJson(reply, 200, v1Envelope(services, services.length), wantsPrettyPrint(searchParamsOf(request.url)));
  });

  app.get<{ Params: { service: string } }>(
    '/services/:service/operations',
    { config: { operation: 'get_operations_legacy' } },
    async (request, reply) => {
      const operations = await ctx.reader.getOperations({ serviceName: request.params.service, spanKind: undefined });
      const names = [...new Set(operations.map((op) => op.name))].sort();
      return sendJson(reply, 200, v1Envelope(names, names.length), wantsPrettyPrint(searchParamsOf(request.url)));
    },
  );

  app.get('/operations', { config: { operation: 'get_operations' } }, async (request, reply) => {
    const params = searchParamsOf(request.url);
    const operations = await findOperations(ctx, firstValue(params, 'service'), firstValue(params, 'spanKind'));
    const data = operations.map((op) => ({ name: op.name, spanKind: op.spanKind }));
    return sendJson(reply, 200, v1Envelope(data, data.length), wantsPrettyPrint(params));
  });

  app.get('/dependencies', { config: { operation: 'get_dependencies' } }, async (request, reply) => {
    const params = searchParamsOf(request.url);
    const endMs = parseMillis(params, 'endTs', ctx.nowNs() / NS_PER_MS);
    const lookbackMs = parseMillis(params, 'lookback', DEFAULT_DEPENDENCY_LOOKBACK_MS);
    const service = firstValue(params, 'service');
    const links = await ctx.dependencies.getDependencies({
      startTimeUnixNano: (endMs - lookbackMs) * NS_PER_MS,
      endTimeUnixNano: endMs * NS_PER_MS,
    });
    const edges = new Map<string, { parent: string; child: string; callCount: number }>();
    for (const link of links) {
      if (service !== '' && link.parent !== service && link.child !== service) continue;
      const key = JSON.stringify([link.parent, link.child]);
      const edge = edges.get(key);
      if (edge === undefined) edges.set(key, { parent: link.parent, child: link.child, callCount: link.callCount });
      else edge.callCount += link.callCount;
    }
    return sendJson(reply, 200, v1Envelope([...edges.values()]), wantsPrettyPrint(params));
  });
}

/**
 * Operations of `service` ('' → 400), of one span kind or of all kinds when `spanKindText` is ''. A kind name that is
 * not one of Jaeger's matches nothing. Sorted by name, then kind.
 */
export async function findOperations(ctx: QueryContext, service: string, spanKindText: string): Promise<Operation[]> {
  if (service === '') throw new BadRequestError("parameter 'service' is required");
  const spanKind = spanKindText === '' ? undefined : parseSpanKindName(spanKindText);
  if (spanKindText !== '' && spanKind === undefined) return [];
  const operations = await ctx.reader.getOperations({ serviceName: service, spanKind });
  return [...operations].sort((a, b) => compare(a.name, b.name) || compare(a.spanKind, b.spanKind));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function parseMillis(params: URLSearchParams, name: string, fallback: bigint): bigint {
  const text = firstValue(params, name);
  if (text === '') return fallback;
  const value = parseGoInt(text, 64);
  if (value instanceof Error) throw new BadRequestError(`unable to parse param '${name}': ${value.message}`);
  return value;
}
