/**
 * The classic Jaeger query API under `<basePath>/api`: its routes, the error envelope for refused and failed requests
 * (400 with the parameter named, 500 with the storage error), and a JSON 404 for any other `/api/…` path.
 */
import type { FastifyInstance } from 'fastify';
import { statusOfError } from './bad-request.js';
import { sendJson, wantsPrettyPrint } from './json-reply.js';
import type { QueryContext } from './query-context.js';
import { addMetricsHook } from './query-metrics.js';
import { searchParamsOf } from './query-string.js';
import { v1ErrorEnvelope } from './v1-envelope.js';
import { registerV1MetadataRoutes } from './v1-metadata-routes.js';
import { registerV1TraceRoutes } from './v1-trace-routes.js';

export function v1ApiPlugin(ctx: QueryContext) {
  return async function v1Api(app: FastifyInstance): Promise<void> {
    addMetricsHook(app, ctx.metrics);
    app.setErrorHandler((err: Error, request, reply) => {
      const status = statusOfError(err);
      const message = err.message;
      if (status === 500) ctx.logger.error({ err, url: request.url }, 'query API request failed');
      return sendJson(reply, status, v1ErrorEnvelope(status, message), wantsPrettyPrint(searchParamsOf(request.url)));
    });
    app.setNotFoundHandler((request, reply) =>
      sendJson(reply, 404, v1ErrorEnvelope(404, `404 page not found: ${request.method} ${request.url.split('?')[0]}`), false),
    );
    registerV1MetadataRoutes(app, ctx);
    registerV1TraceRoutes(app, ctx);
  };
}
