/**
 * The query service: Jaeger's HTTP query API (classic `/api/*` and api_v3 `/api/v3/*`) plus the web UI's own
 * `/api/ui/*`, as a fastify app, not yet listening; the role wiring calls `listen`. Routes live under `basePath` ('/' or
 * a prefix like '/jaeger'). Other paths are left to whoever adds them to the app (the web UI); unknown `/api/*` paths
 * get a JSON 404.
 */
import { fastify, LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from 'fastify';
import type { Registry } from 'prom-client';
import type { DependencyReader, TraceReader } from '../storage/api/index.js';
import type { Logger } from '../telemetry/index.js';
import { createTraceAdjuster } from './adjusters/index.js';
import { sendJson } from './json-reply.js';
import { queryMetrics } from './query-metrics.js';
import { createTraceService } from './trace-service.js';
import { uiApiPlugin } from './ui-api.js';
import { v1ApiPlugin } from './v1-api.js';
import { v1ErrorEnvelope } from './v1-envelope.js';
import { v3ApiPlugin } from './v3-api.js';

export interface QueryAppOptions {
  reader: TraceReader;
  dependencies: DependencyReader;
  logger: Logger;
  registry: Registry;
  /** URL prefix of every route: '/' or e.g. '/jaeger' (no trailing slash). */
  basePath: string;
  /** Largest clock-skew correction applied at query time, ns; 0 disables the adjuster (Jaeger's default). */
  maxClockSkewAdjustNs: bigint;
  /** Lookback of a classic search that gives neither `start` nor `lookback`; default 2 days, as Jaeger. */
  defaultLookbackMs?: number;
  /** Clock, ms since the epoch (tests); default `Date.now`. */
  now?: () => number;
}

const TWO_DAYS_MS = 2 * 86_400_000;

export function createQueryApp(options: QueryAppOptions): FastifyInstance {
  const now = options.now ?? Date.now;
  const prefix = normalizeBasePath(options.basePath);
  const app = fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    // Service and operation names travel in the path; the default limit of 100 characters is too tight for them.
    routerOptions: { maxParamLength: 2048 },
    // A path that is not valid percent-encoding never reaches a route; answer it in the API's error envelope too.
    frameworkErrors: (err, _request, reply) => {
      void sendJson(reply as unknown as FastifyReply, 400, v1ErrorEnvelope(400, err.message), false);
    },
  });
  const ctx = {
    reader: options.reader,
    dependencies: options.dependencies,
    traces: createTraceService(options.reader, createTraceAdjuster({ maxClockSkewAdjustNs: options.maxClockSkewAdjustNs })),
    logger: options.logger,
    metrics: queryMetrics(options.registry),
    nowNs: () => BigInt(Math.trunc(now())) * 1_000_000n,
    defaultSearchLookbackNs: BigInt(options.defaultLookbackMs ?? TWO_DAYS_MS) * 1_000_000n,
  };
  void app.register(v1ApiPlugin(ctx), { prefix: `${prefix}/api` });
  void app.register(v3ApiPlugin(ctx), { prefix: `${prefix}/api/v3` });
  void app.register(uiApiPlugin(ctx), { prefix: `${prefix}/api/ui` });
  return app;
}

/** '' for the root, else '/prefix' without a trailing slash. */
function normalizeBasePath(basePath: string): string {
  const trimmed = basePath.replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? '' : `/${trimmed}`;
}
