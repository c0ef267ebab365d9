/**
 * A plain-HTTP span ingest server for the Jaeger collector (`POST /api/traces`, port 14268) and Zipkin
 * (`POST /api/v1|v2/spans`, port 9411) endpoints: each route maps a content type to a decoder. Bodies are read with
 * the shared size-capped, gzip-aware reader. Answers are plain text, as Jaeger and Zipkin send them:
 * 202 accepted, 400 undecodable, 404 unknown path, 405 not POST, 413 too large, 415 unsupported type or encoding,
 * 503 + Retry-After when the sink refuses.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';
import type { SpanSink } from '../pipeline/index.js';
import { receiverMetrics, type Logger } from '../telemetry/index.js';
import type { TraceDecodeResult } from '../translate/index.js';
import { createDelivery, type Delivery } from './deliver.js';
import { parseContentCoding, readBody, type BodyReadResult } from './http-body.js';
import { createHttpReceiverServer } from './http-server.js';
import type { Receiver } from './receiver.js';

export type BodyDecoder = (body: Buffer) => TraceDecodeResult;

export interface IngestRoute {
  /** Lower-case media types (parameters ignored) to their decoder. */
  decoders: ReadonlyMap<string, BodyDecoder>;
  /** Used when the request has no Content-Type at all; undefined means 415. */
  defaultDecoder?: BodyDecoder;
}

/** A non-ingest endpoint served on the same port (e.g. Jaeger's `GET /api/sampling` on 14268); it answers any method. */
export type HttpRequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

export interface HttpIngestReceiverOptions {
  /** Receiver name, e.g. `jaeger-thrift-http`, `zipkin`. */
  name: string;
  /** Metrics / origin label: `jaeger`, `zipkin`. */
  receiver: string;
  host: string;
  port: number;
  sink: SpanSink;
  logger: Logger;
  registry: Registry;
  routes: ReadonlyMap<string, IngestRoute>;
  /** Other endpoints by exact path, checked before `routes`. */
  handlers?: ReadonlyMap<string, HttpRequestHandler>;
  /** Cap on the body, compressed and decompressed alike. Default 20 MiB. */
  maxRequestBodyBytes?: number;
  /** How long `stop()` waits for in-flight requests before cutting connections. Default 5 s. */
  shutdownTimeoutMs?: number;
}

const DEFAULT_MAX_BODY_BYTES = 20 * 1024 * 1024;

export function createHttpIngestReceiver(options: HttpIngestReceiverOptions): Receiver {
  const { host, port, logger, name } = options;
  const ctx: Context = {
    delivery: createDelivery(options.sink, receiverMetrics(options.registry), 'http', options.receiver),
    routes: options.routes,
    handlers: options.handlers,
    limit: options.maxRequestBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    logger,
    name,
  };
  return createHttpReceiverServer({ name, host, port, logger, shutdownTimeoutMs: options.shutdownTimeoutMs }, (req, res) =>
    route(req, res, ctx),
  );
}

interface Context {
  delivery: Delivery;
  routes: ReadonlyMap<string, IngestRoute>;
  handlers: ReadonlyMap<string, HttpRequestHandler> | undefined;
  limit: number;
  logger: Logger;
  name: string;
}

function route(req: IncomingMessage, res: ServerResponse, ctx: Context): void {
  const { delivery } = ctx;
  const path = pathOf(req.url);
  const handler = ctx.handlers?.get(path);
  if (handler !== undefined) return handler(req, res);
  const r = ctx.routes.get(path);
  if (r === undefined) {
    delivery.countBadRequest('not_found');
    sendText(res, 404, `no such path ${truncate(path)}; spans are accepted at POST ${[...ctx.routes.keys()].join(', ')}`);
    return;
  }
  if (req.method !== 'POST') {
    delivery.countBadRequest('method');
    res.setHeader('Allow', 'POST');
    sendText(res, 405, `method ${req.method ?? ''} is not allowed on ${path}; use POST`);
    return;
  }
  const type = mediaType(req.headers['content-type']);
  const decoder = type === undefined ? r.defaultDecoder : r.decoders.get(type);
  if (decoder === undefined) {
    delivery.countBadRequest('content_type');
    const given = req.headers['content-type'] ?? '(none)';
    sendText(res, 415, `unsupported content type ${truncate(given)}; send ${[...r.decoders.keys()].join(' or ')}`);
    return;
  }
  const coding = parseContentCoding(req.headers['content-encoding']);
  if (coding === undefined) {
    delivery.countBadRequest('content_encoding');
    sendText(res, 415, `unsupported content encoding ${truncate(req.headers['content-encoding'] ?? '')}; send gzip, deflate or uncompressed bodies`);
    return;
  }
  void readBody(req, ctx.limit, coding).then(
    (body) => answer(res, decoder, body, ctx),
    (err: unknown) => failInternally(res, err, ctx),
  );
}

function answer(res: ServerResponse, decoder: BodyDecoder, body: BodyReadResult, ctx: Context): void {
  const { delivery } = ctx;
  switch (body.status) {
    case 'aborted':
      return;
    case 'too_large':
      delivery.countBadRequest('too_large');
      res.setHeader('Connection', 'close');
      sendText(res, 413, body.message);
      return;
    case 'corrupt':
      delivery.countBadRequest('decode');
      sendText(res, 400, body.message);
      return;
    case 'ok':
      break;
  }
  let outcome;
  try {
    outcome = delivery.deliver(decoder(body.body));
  } catch (err) {
    failInternally(res, err, ctx);
    return;
  }
  switch (outcome.kind) {
    case 'ok':
      sendText(res, 202, '');
      return;
    case 'invalid':
      ctx.logger.debug({ error: outcome.message }, `${ctx.name}: rejected undecodable request`);
      sendText(res, 400, `cannot decode the request body: ${outcome.message}`);
      return;
    case 'refused':
      res.setHeader('Retry-After', String(Math.max(1, Math.ceil(outcome.retryAfterMs / 1000))));
      sendText(res, 503, outcome.message);
      return;
  }
}

function failInternally(res: ServerResponse, err: unknown, ctx: Context): void {
  ctx.logger.error({ err }, `${ctx.name} request failed unexpectedly`);
  if (!res.headersSent) sendText(res, 500, 'internal error while handling the request; see the server log');
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.statusCode = status;
  if (text !== '') {
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    res.setHeader('Content-Length', Buffer.byteLength(text));
    res.end(text);
  } else {
    res.setHeader('Content-Length', 0);
    res.end();
  }
}

/** `application/json; charset=utf-8` → `application/json`; undefined when absent or empty. */
function mediaType(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const semi = header.indexOf(';');
  const t = (semi === -1 ? header : header.slice(0, semi)).trim().toLowerCase();
  return t === '' ? undefined : t;
}

function pathOf(url: string | undefined): string {
  if (url === undefined) return '/';
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

function truncate(s: string): string {
  return s.length > 100 ? `${s.slice(0, 100)}…` : s;
}
