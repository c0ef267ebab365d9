/**
 * Starts a role's components in dependency order (storage → pipeline → receivers → query → admin) and stops them in
 * reverse, draining accepted spans into storage before storage closes.
 */
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { AriadneConfig } from '../config/index.js';
import { createPreparingPipeline, createSpanPipeline, type SpanPipeline } from '../pipeline/index.js';
import { createQueryApp, defaultUiDistDir, registerUiAssets } from '../query/index.js';
import type { Receiver } from '../receivers/index.js';
import {
  createJaegerGrpcReceiver,
  createJaegerThriftHttpReceiver,
  createJaegerUdpReceiver,
  createOtlpGrpcReceiver,
  createOtlpHttpReceiver,
  createZipkinReceiver,
} from '../receivers/index.js';
import { openSampling } from '../sampling/index.js';
import { openStorage } from '../storage/index.js';
import { createAdminServer, type Logger } from '../telemetry/index.js';
import { startAgent } from '../agent/index.js';
import { VERSION } from './version.js';
import { ROLE_TRAITS, type Role } from './roles.js';

export interface RunningRole {
  /** Where each listener is bound, by name (e.g. `otlp-http`, `query`, `admin`). */
  addresses(): Record<string, { host: string; port: number }>;
  /** Stops accepting, drains the queue into storage (bounded by `shutdown.timeout`) and closes everything. Idempotent. */
  shutdown(): Promise<{ drained: boolean; remainingSpans: number }>;
}

const MIB = 1024 * 1024;

export async function startRole(role: Role, config: AriadneConfig, logger: Logger): Promise<RunningRole> {
  const traits = ROLE_TRAITS[role];
  const host = config.listen_host;
  const registry = new Registry();
  registry.setDefaultLabels({ role });
  collectDefaultMetrics({ register: registry });
  new Gauge({
    name: 'ariadne_build_info',
    help: 'Build information; the value is always 1.',
    labelNames: ['version', 'node'],
    registers: [registry],
  }).set({ version: VERSION, node: process.versions.node }, 1);
  // The agent opens no storage, query or OTLP receivers: Jaeger UDP in, OTLP gRPC out (src/agent/).
  if (role === 'agent') return startAgent({ config, logger, registry, adminPort: config.admin.port ?? traits.defaultAdminPort });

  const storage = await openStorage(config.storage, { registry, logger });
  const stoppers: Array<() => Promise<void>> = [() => storage.close()];
  const addresses: Record<string, { host: string; port: number }> = {};
  let pipeline: SpanPipeline | undefined;
  const receivers: Receiver[] = [];
  let draining = false;

  try {
    if (traits.ingests) {
      const pipelineOptions = {
        queueSizeSpans: config.pipeline.queue_size,
        workers: config.pipeline.workers,
        maxBatchSpans: config.pipeline.max_batch_spans,
        retryAfterMs: config.pipeline.retry_after,
        registry,
        logger: logger.child({ component: 'pipeline' }),
      };
      // A backend that writes in two steps gets its batches prepared as they are accepted (see PreparedWriter).
      const prepared = storage.writer.prepared;
      pipeline =
        prepared !== undefined
          ? createPreparingPipeline({ ...pipelineOptions, writer: prepared })
          : createSpanPipeline({ ...pipelineOptions, writer: storage.writer });
      const otlp = config.receivers.otlp;
      if (otlp.grpc.enabled) {
        receivers.push(
          createOtlpGrpcReceiver({
            host,
            port: otlp.grpc.port,
            sink: pipeline,
            logger: logger.child({ component: 'otlp-grpc' }),
            registry,
            maxRecvMsgSizeBytes: otlp.grpc.max_recv_msg_size_mib * MIB,
          }),
        );
      }
      if (otlp.http.enabled) {
        receivers.push(
          createOtlpHttpReceiver({
            host,
            port: otlp.http.port,
            sink: pipeline,
            logger: logger.child({ component: 'otlp-http' }),
            registry,
            maxRequestBodyBytes: otlp.http.max_request_body_size_mib * MIB,
            cors: {
              allowedOrigins: otlp.http.cors.allowed_origins,
              allowedHeaders: otlp.http.cors.allowed_headers,
              maxAgeSeconds: Math.round(otlp.http.cors.max_age / 1000),
            },
          }),
        );
      }
      const sampling = await openSampling(config.sampling, { host, registry, logger: logger.child({ component: 'sampling' }) });
      stoppers.push(async () => sampling.close());
      receivers.push(...sampling.receivers);
      const samplingProvider = sampling.provider;
      const jaeger = config.receivers.jaeger;
      const deps = (component: string) => ({ host, sink: pipeline!, registry, logger: logger.child({ component }) });
      for (const [protocol, udp] of [['compact', jaeger.thrift_compact], ['binary', jaeger.thrift_binary]] as const) {
        if (!udp.enabled) continue;
        receivers.push(
          createJaegerUdpReceiver({
            ...deps(`jaeger-thrift-${protocol}`),
            protocol,
            port: udp.port,
            socketBufferBytes: udp.socket_buffer_size_mib * MIB,
            queueSize: udp.queue_size,
          }),
        );
      }
      if (jaeger.thrift_http.enabled) {
        receivers.push(createJaegerThriftHttpReceiver({ ...deps('jaeger-thrift-http'), port: jaeger.thrift_http.port, samplingProvider }));
      }
      if (jaeger.grpc.enabled) {
        receivers.push(createJaegerGrpcReceiver({ ...deps('jaeger-grpc'), port: jaeger.grpc.port, samplingProvider }));
      }
      const zipkin = config.receivers.zipkin;
      if (zipkin.enabled) receivers.push(createZipkinReceiver({ ...deps('zipkin'), port: zipkin.port }));
      for (const r of receivers) {
        await r.start();
        addresses[r.name] = r.address();
      }
    }

    if (traits.serves) {
      const app = createQueryApp({
        reader: storage.reader,
        dependencies: storage.dependencies,
        logger: logger.child({ component: 'query' }),
        registry,
        basePath: config.query.base_path,
        maxClockSkewAdjustNs: config.query.max_clock_skew_adjustment,
      });
      registerUiAssets(app, { basePath: config.query.base_path, distDir: defaultUiDistDir() });
      await app.listen({ host, port: config.query.port });
      const a = app.server.address();
      addresses['query'] = typeof a === 'object' && a !== null ? { host: a.address, port: a.port } : { host, port: 0 };
      stoppers.unshift(() => app.close());
    }

    const admin = createAdminServer({
      host,
      port: config.admin.port ?? traits.defaultAdminPort,
      registry,
      logger,
      readiness: async () => {
        if (draining) return 'shutting down';
        await storage.checkReady();
        return undefined;
      },
    });
    await admin.start();
    addresses['admin'] = admin.address();
    stoppers.push(() => admin.stop());
  } catch (err) {
    await Promise.allSettled(receivers.map((r) => r.stop()));
    for (const stop of stoppers) await stop().catch(() => undefined);
    throw err;
  }

  logger.info({ role, version: VERSION, addresses, storage: storage.name }, 'ariadne started');

  let shutdownPromise: Promise<{ drained: boolean; remainingSpans: number }> | undefined;
  const shutdown = async (): Promise<{ drained: boolean; remainingSpans: number }> => {
    draining = true;
    const deadline = Date.now() + config.shutdown.timeout;
    logger.info({ timeoutMs: config.shutdown.timeout }, 'shutting down: no longer accepting spans, draining the queue');
    // Stop listeners first so nothing new arrives; in-flight requests finish and are acknowledged or refused.
    await Promise.allSettled(receivers.map((r) => r.stop()));
    const result = pipeline
      ? await pipeline.drain(Math.max(0, deadline - Date.now()))
      : { drained: true, remainingSpans: 0 };
    for (const stop of stoppers) {
      await stop().catch((err: unknown) => logger.warn({ err }, 'error while stopping a component'));
    }
    const totals = pipeline?.stats();
    logger.info(
      {
        ...result,
        acceptedSpans: totals?.acceptedSpans ?? 0,
        savedSpans: totals?.savedSpans ?? 0,
        droppedSpans: totals?.droppedSpans ?? 0,
      },
      'ariadne stopped',
    );
    return result;
  };

  return {
    addresses: () => ({ ...addresses }),
    shutdown: () => (shutdownPromise ??= shutdown()),
  };
}
