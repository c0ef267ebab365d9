/**
 * The lifecycle every gRPC receiver shares: one grpc-js server bound to host:port with a receive-size cap, a `start`
 * that names the port when it is taken, an idempotent `stop` that lets in-flight calls finish for a bounded time, and
 * the retryable refusal status (UNAVAILABLE with a `google.rpc.RetryInfo` detail) that tells clients when to retry,
 * and the unary ingest handler that maps a delivery's outcome to gRPC statuses.
 */
import { Metadata, Server, ServerCredentials, status } from '@grpc/grpc-js';
import type { Registry } from 'prom-client';
import type { SpanSink } from '../pipeline/index.js';
import type { Logger } from '../telemetry/index.js';
import type { ExportOutcome } from './deliver.js';
import { encodeStatusWithRetryInfo } from './grpc-retry-status.js';
import type { Receiver } from './receiver.js';

export interface GrpcReceiverServerOptions {
  /** Receiver name used in errors and logs, e.g. `otlp-grpc`. */
  name: string;
  host: string;
  port: number;
  /** Largest accepted message, after decompression. Default 4 MiB. */
  maxRecvMsgSizeBytes?: number;
  /** How long `stop()` waits for in-flight calls before cancelling them. Default 5 s. */
  shutdownTimeoutMs?: number;
}

/** What every gRPC ingest receiver is built from: the server's options (its name is the receiver's) and where spans go. */
export interface GrpcIngestReceiverOptions extends Omit<GrpcReceiverServerOptions, 'name'> {
  sink: SpanSink;
  logger: Logger;
  registry: Registry;
}

export interface GrpcReceiverServer {
  /** The grpc-js server to add services to before `receiver.start()`. */
  server: Server;
  receiver: Receiver;
  /** True once `stop()` was called (health checks report NOT_SERVING from then on). */
  isStopping(): boolean;
}

const DEFAULT_MAX_RECV_BYTES = 4 * 1024 * 1024;
const DEFAULT_SHUTDOWN_TIMEOUT_MS = 5_000;

export function createGrpcReceiverServer(options: GrpcReceiverServerOptions): GrpcReceiverServer {
  const { name, host, port } = options;
  const server = new Server({ 'grpc.max_receive_message_length': options.maxRecvMsgSizeBytes ?? DEFAULT_MAX_RECV_BYTES });
  let boundPort: number | undefined;
  let stopping = false;
  let stopPromise: Promise<void> | undefined;
  const receiver: Receiver = {
    name,
    start: () =>
      new Promise<void>((resolve, reject) => {
        server.bindAsync(formatAddress(host, port), ServerCredentials.createInsecure(), (err, bound) => {
          if (err !== null) {
            reject(
              new Error(
                err.message.includes('EADDRINUSE')
                  ? `${name} receiver: port ${port} on ${host} is already in use; stop the other process or choose another port`
                  : `${name} receiver: cannot listen on ${host}:${port}: ${err.message}`,
              ),
            );
            return;
          }
          boundPort = bound;
          resolve();
        });
      }),
    stop: () =>
      (stopPromise ??= new Promise<void>((resolve) => {
        stopping = true;
        const timer = setTimeout(() => server.forceShutdown(), options.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS);
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      })),
    address: () => ({ host, port: boundPort ?? port }),
  };
  return { server, receiver, isStopping: () => stopping };
}

/** The error a handler returns when the sink refused: UNAVAILABLE, retryable, with the suggested delay as RetryInfo. */
export function retryableRefusal(message: string, retryAfterMs: number): { code: number; details: string; metadata: Metadata } {
  const metadata = new Metadata();
  metadata.set('grpc-status-details-bin', encodeStatusWithRetryInfo(status.UNAVAILABLE, message, retryAfterMs));
  return { code: status.UNAVAILABLE, details: message, metadata };
}

/** What a unary ingest handler answers: an error, or the response value. */
export type UnaryIngestCallback<R> = (err: { code: number; details: string; metadata?: Metadata } | null, value?: R) => void;

/**
 * A unary ingest method (OTLP `Export`, Jaeger `PostSpans`): delivers the raw request (`deliver`: decode it and
 * `Delivery.deliver`, or `Delivery.deliverOtlpProtobuf`), and maps the outcome to gRPC: OK with `respond(outcome)`, INVALID_ARGUMENT naming what could not be decoded, UNAVAILABLE with RetryInfo
 * when refused, INTERNAL (logged) when something unexpected throws.
 */
export function createUnaryIngestHandler<R>(options: {
  logger: Logger;
  /** Names the request in messages, e.g. `the OTLP/protobuf ExportTraceServiceRequest`. */
  what: string;
  deliver: (request: Buffer) => ExportOutcome;
  respond: (outcome: Extract<ExportOutcome, { kind: 'ok' }>) => R;
}): (call: { request: Buffer }, callback: UnaryIngestCallback<R>) => void {
  const { logger, what, deliver, respond } = options;
  return (call, callback) => {
    let outcome: ExportOutcome;
    try {
      outcome = deliver(call.request);
    } catch (err) {
      logger.error({ err }, `handling ${what} failed unexpectedly`);
      callback({ code: status.INTERNAL, details: `internal error while handling ${what}; see the server log` });
      return;
    }
    switch (outcome.kind) {
      case 'ok':
        callback(null, respond(outcome));
        return;
      case 'invalid':
        logger.debug({ error: outcome.message }, `rejected undecodable ${what}`);
        callback({ code: status.INVALID_ARGUMENT, details: `cannot decode ${what}: ${outcome.message}` });
        return;
      case 'refused':
        logger.debug({ retryAfterMs: outcome.retryAfterMs }, `refused ${what}: %s`, outcome.message);
        callback(retryableRefusal(outcome.message, outcome.retryAfterMs));
        return;
    }
  };
}

function formatAddress(host: string, port: number): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]:${port}` : `${host}:${port}`;
}
