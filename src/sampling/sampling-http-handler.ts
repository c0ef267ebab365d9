/**
 * The HTTP request handler for Jaeger's remote sampling endpoints, shared by the 5778 server and the collector's
 * `GET /api/sampling` on 14268. Answers like Jaeger: 200 `application/json`; 400 "'service' parameter must be
 * provided once" when `service` is missing or repeated; 405 for methods other than GET/HEAD; 503 (+ Retry-After)
 * when the provider is temporarily unavailable; 500 "collector error: …" when it fails otherwise.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';
import type { Logger } from '../telemetry/index.js';
import { samplingMetrics, type SamplingMetrics, type SamplingRequestOutcome } from './sampling-metrics.js';
import { encodeStrategyLegacyJson, encodeStrategyProtoJson } from './strategy-json.js';
import { isSamplingUnavailableError, type SamplingStrategyProvider } from './strategy-provider.js';

/** `proto`: proto3 JSON with enum names (`/sampling`); `legacy`: Thrift 0.9.2 JSON with integer enums (`/`). */
export type SamplingJsonForm = 'proto' | 'legacy';

/** Answers one sampling request in the given JSON form. Never throws; always ends the response. */
export type SamplingHttpHandler = (req: IncomingMessage, res: ServerResponse, form: SamplingJsonForm) => void;

export interface SamplingHttpHandlerOptions {
  provider: SamplingStrategyProvider;
  logger: Logger;
  registry: Registry;
}

export const SERVICE_PARAMETER_MESSAGE = "'service' parameter must be provided once";
const RETRY_AFTER_SECONDS = 5;

export function createSamplingHttpHandler(options: SamplingHttpHandlerOptions): SamplingHttpHandler {
  const { provider, logger } = options;
  const metrics = samplingMetrics(options.registry);
  return (req, res, form) => {
    req.resume();
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return fail(res, metrics, 'method_not_allowed', 405, `method ${req.method ?? ''} is not allowed; use GET`);
    }
    const services = serviceParameters(req.url);
    if (services.length !== 1) return fail(res, metrics, 'bad_request', 400, SERVICE_PARAMETER_MESSAGE);
    const service = services[0]!;
    provider.strategyFor(service).then(
      (strategy) => {
        const json = form === 'proto' ? encodeStrategyProtoJson(strategy) : encodeStrategyLegacyJson(strategy);
        if (json instanceof Error) {
          logger.warn({ service, error: json.message }, 'cannot encode the sampling strategy as legacy JSON');
          return fail(res, metrics, 'error', 500, `cannot marshall to JSON: ${json.message}`);
        }
        metrics.requests.inc({ transport: 'http', outcome: 'ok' });
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(json) });
        res.end(json);
      },
      (err: unknown) => {
        const message = err instanceof Error ? err.message : String(err);
        if (isSamplingUnavailableError(err)) {
          res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
          return fail(res, metrics, 'unavailable', 503, `sampling strategy temporarily unavailable: ${message}`);
        }
        logger.error({ err, service }, 'sampling strategy provider failed');
        fail(res, metrics, 'error', 500, `collector error: ${message}`);
      },
    );
  };
}

/** JSON form for a path on the dedicated sampling port: `…/sampling` gets proto JSON, every other path legacy JSON. */
export function samplingJsonFormForPath(path: string): SamplingJsonForm {
  const trimmed = path.endsWith('/') ? path.slice(0, -1) : path;
  return trimmed.endsWith('/sampling') ? 'proto' : 'legacy';
}

/** The path of a request URL, without the query. */
export function requestPath(url: string | undefined): string {
  if (url === undefined) return '/';
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

function serviceParameters(url: string | undefined): string[] {
  if (url === undefined) return [];
  const q = url.indexOf('?');
  return q === -1 ? [] : new URLSearchParams(url.slice(q + 1)).getAll('service');
}

function fail(res: ServerResponse, metrics: SamplingMetrics, outcome: SamplingRequestOutcome, status: number, message: string): void {
  metrics.requests.inc({ transport: 'http', outcome });
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = `${message}\n`;
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}
