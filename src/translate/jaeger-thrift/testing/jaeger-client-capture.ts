/**
 * Runs the real `jaeger-client` (Jaeger's Node.js client, a devDependency) against local sockets and returns exactly
 * the bytes it sent: UDP datagrams for the agent (binary-protocol `emitBatch`) or HTTP bodies for the collector
 * (binary-protocol `Batch`).
 */
import { createSocket } from 'node:dgram';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';

/** The slice of the OpenTracing API the tests use. */
export interface OtSpanContext {
  toTraceId(): string;
  toSpanId(): string;
}
export interface OtSpan {
  context(): OtSpanContext;
  setTag(key: string, value: unknown): OtSpan;
  log(fields: Record<string, unknown>, timestampMs?: number): OtSpan;
  finish(finishTimeMs?: number): void;
}
export interface OtReference {
  readonly __reference: true;
}
export interface OtTracer {
  startSpan(
    name: string,
    options?: { childOf?: OtSpan | OtSpanContext; references?: OtReference[]; tags?: Record<string, unknown>; startTime?: number },
  ): OtSpan;
  close(callback?: () => void): void;
}

interface JaegerClientModule {
  initTracer(config: Record<string, unknown>, options: Record<string, unknown>): OtTracer;
  opentracing: { followsFrom(ctx: OtSpanContext): OtReference; childOf(ctx: OtSpanContext): OtReference };
}

const require = createRequire(import.meta.url);
export const jaegerClient = require('jaeger-client') as JaegerClientModule;

const quietLogger = { info() {}, error() {} };

export interface CaptureOptions {
  serviceName: string;
  tracerTags?: Record<string, unknown>;
  traceId128bit?: boolean;
}

/** Datagrams jaeger-client's UDP sender emits while `run` creates spans (tracer closed afterwards). */
export async function captureUdpDatagrams(options: CaptureOptions, run: (tracer: OtTracer) => void): Promise<Buffer[]> {
  const socket = createSocket('udp4');
  const datagrams: Buffer[] = [];
  socket.on('message', (msg) => datagrams.push(msg));
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const port = (socket.address() as AddressInfo).port;
  try {
    const tracer = jaegerClient.initTracer(
      {
        serviceName: options.serviceName,
        sampler: { type: 'const', param: 1 },
        reporter: { agentHost: '127.0.0.1', agentPort: port, flushIntervalMs: 60_000 },
      },
      { logger: quietLogger, tags: options.tracerTags ?? {}, traceId128bit: options.traceId128bit ?? false },
    );
    run(tracer);
    await new Promise<void>((resolve) => tracer.close(resolve));
    await waitFor(() => datagrams.length > 0);
    return datagrams;
  } finally {
    socket.close();
  }
}

export interface CapturedRequest {
  contentType: string;
  body: Buffer;
}

/** HTTP requests jaeger-client's HTTP sender makes to a collector while `run` creates spans. */
export async function captureHttpBodies(options: CaptureOptions, run: (tracer: OtTracer) => void): Promise<CapturedRequest[]> {
  const requests: CapturedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ contentType: req.headers['content-type'] ?? '', body: Buffer.concat(chunks) });
      res.writeHead(202).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  try {
    const tracer = jaegerClient.initTracer(
      {
        serviceName: options.serviceName,
        sampler: { type: 'const', param: 1 },
        reporter: { collectorEndpoint: `http://127.0.0.1:${port}/api/traces`, flushIntervalMs: 60_000 },
      },
      { logger: quietLogger, tags: options.tracerTags ?? {}, traceId128bit: options.traceId128bit ?? false },
    );
    run(tracer);
    await new Promise<void>((resolve) => tracer.close(resolve));
    await waitFor(() => requests.length > 0);
    return requests;
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for jaeger-client to send');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
