/**
 * OTLP/HTTP trace receiver (default port 4318): `POST /v1/traces` with a protobuf or JSON
 * `ExportTraceServiceRequest`, optionally gzip- or deflate-compressed.
 *
 * Built on `node:http` directly rather than the query API's fastify: this is the ingest hot path, where a framework's
 * per-request objects, hooks and body parsers cost CPU for nothing, and where the body must be read under our own
 * control (refuse an oversized upload before buffering it, cap decompression, answer 413 and close).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';
import type { SpanSink } from '../../pipeline/index.js';
import { receiverMetrics, type Logger } from '../../telemetry/index.js';
import { createHttpReceiverServer } from '../http-server.js';
import { decodeOtlpJson } from '../../translate/otlp/index.js';
import type { Receiver } from '../receiver.js';
import { createDelivery, type Delivery } from '../deliver.js';
import { parseContentCoding, readBody, type BodyReadResult, type ContentCoding } from '../http-body.js';
import { createCorsPolicy, type CorsOptions, type CorsPolicy } from './http-cors.js';
import { sendErrorStatus, sendExportResponse, type WireFormat } from './http-responses.js';

export interface OtlpHttpReceiverOptions {
  host: string;
  port: number;
  sink: SpanSink;
  logger: Logger;
  registry: Registry;
  /** Cap on the body, compressed and decompressed alike. Default 20 MiB, like the OpenTelemetry Collector. */
  maxRequestBodyBytes?: number;
  /** Browser access; no origins means no CORS headers and OPTIONS answered 405. */
  cors?: CorsOptions;
  /** How long `stop()` waits for in-flight requests before cutting connections. Default 5 s. */
  shutdownTimeoutMs?: number;
}

export const OTLP_TRACES_PATH = '/v1/traces';
const DEFAULT_MAX_BODY_BYTES = 20 * 1024 * 1024;
const WIRE_LABEL: Record<WireFormat, string> = { protobuf: 'OTLP/protobuf', json: 'OTLP/JSON' };

export function createOtlpHttpReceiver(options: OtlpHttpReceiverOptions): Receiver {
  const { host, port, sink, logger } = options;
  const limit = options.maxRequestBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const delivery = createDelivery(sink, receiverMetrics(options.registry), 'http');
  const cors = createCorsPolicy(options.cors);
  return createHttpReceiverServer({ name: 'otlp-http', host, port, logger, shutdownTimeoutMs: options.shutdownTimeoutMs }, (req, res) =>
    route(req, res, { delivery, cors, limit, logger }),
  );
}

interface RouteContext {
  delivery: Delivery;
  cors: CorsPolicy;
  limit: number;
  logger: Logger;
}

function route(req: IncomingMessage, res: ServerResponse, ctx: RouteContext): void {
  const { delivery, cors } = ctx;
  const format = parseWireFormat(req.headers['content-type']);
  const replyFormat = format ?? 'json';
  const path = pathOf(req.url);
  if (path !== OTLP_TRACES_PATH) {
    delivery.countBadRequest('not_found');
    sendErrorStatus(res, 404, replyFormat, `no such path ${truncate(path)}; OTLP traces are accepted at POST ${OTLP_TRACES_PATH}`);
    return;
  }
  cors.decorate(req, res);
  if (req.method === 'OPTIONS' && cors.enabled) {
    cors.answerPreflight(req, res);
    return;
  }
  if (req.method !== 'POST') {
    delivery.countBadRequest('method');
    res.setHeader('Allow', 'POST');
    sendErrorStatus(res, 405, replyFormat, `method ${req.method ?? ''} is not allowed on ${OTLP_TRACES_PATH}; use POST`);
    return;
  }
  if (format === undefined) {
    delivery.countBadRequest('content_type');
    const given = req.headers['content-type'] ?? '(none)';
    sendErrorStatus(res, 415, 'json', `unsupported content type ${truncate(given)}; send application/x-protobuf or application/json`);
    return;
  }
  const coding = parseContentCoding(req.headers['content-encoding']);
  if (coding === undefined) {
    delivery.countBadRequest('content_encoding');
    const given = req.headers['content-encoding'] ?? '';
    sendErrorStatus(res, 415, format, `unsupported content encoding ${truncate(given)}; send gzip, deflate or uncompressed bodies`);
    return;
  }
  void readBody(req, ctx.limit, coding).then(
    (body) => answerExport(res, format, coding, body, ctx),
    (err: unknown) => failInternally(res, format, err, ctx.logger),
  );
}

function answerExport(res: ServerResponse, format: WireFormat, coding: ContentCoding, body: BodyReadResult, ctx: RouteContext): void {
  const { delivery, logger } = ctx;
  switch (body.status) {
    case 'aborted':
      return;
    case 'too_large':
      delivery.countBadRequest('too_large');
      // The rest of the upload is unread: close the connection rather than read it just to keep it alive.
      res.setHeader('Connection', 'close');
      sendErrorStatus(res, 413, format, body.message);
      return;
    case 'corrupt':
      delivery.countBadRequest('decode');
      sendErrorStatus(res, 400, format, body.message);
      return;
    case 'ok':
      break;
  }
  let outcome;
  try {
    outcome = format === 'protobuf' ? delivery.deliverOtlpProtobuf(body.body) : delivery.deliver(decodeOtlpJson(body.body));
  } catch (err) {
    failInternally(res, format, err, logger);
    return;
  }
  switch (outcome.kind) {
    case 'ok':
      sendExportResponse(res, format, outcome.rejectedSpans, outcome.message);
      return;
    case 'invalid':
      logger.debug({ format, coding, error: outcome.message }, 'rejected undecodable OTLP/HTTP request');
      sendErrorStatus(res, 400, format, `cannot decode the ${WIRE_LABEL[format]} ExportTraceServiceRequest: ${outcome.message}`);
      return;
    case 'refused':
      logger.debug({ retryAfterMs: outcome.retryAfterMs }, 'refused OTLP/HTTP export: %s', outcome.message);
      res.setHeader('Retry-After', String(retryAfterSeconds(outcome.retryAfterMs)));
      sendErrorStatus(res, 503, format, outcome.message);
      return;
  }
}

/** A bug, not bad input: answer 500 (not retried by OTLP exporters) and log it loudly. */
function failInternally(res: ServerResponse, format: WireFormat, err: unknown, logger: Logger): void {
  logger.error({ err }, 'OTLP/HTTP request failed unexpectedly');
  if (!res.headersSent) sendErrorStatus(res, 500, format, 'internal error while handling the export; see the server log');
}

/**
 * Whole seconds, rounded up, at least 1: OTel JS exporters read `Retry-After: 0` as "retry immediately", which would
 * turn backpressure into a busy loop.
 */
export function retryAfterSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

/** `application/x-protobuf` or `application/json`, ignoring case and parameters such as `; charset=utf-8`. */
export function parseWireFormat(header: string | undefined): WireFormat | undefined {
  if (header === undefined) return undefined;
  const semi = header.indexOf(';');
  const type = (semi === -1 ? header : header.slice(0, semi)).trim().toLowerCase();
  if (type === 'application/x-protobuf' || type === 'application/protobuf') return 'protobuf';
  if (type === 'application/json') return 'json';
  return undefined;
}

function pathOf(url: string | undefined): string {
  if (url === undefined) return '/';
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

/** Echoed input is shortened so that error bodies and logs stay small. */
function truncate(s: string): string {
  return s.length > 100 ? `${s.slice(0, 100)}…` : s;
}
