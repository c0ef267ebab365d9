/**
 * The `agent` role: runs next to the application (sidecar or one per node) and opens no storage. Jaeger UDP
 * receivers (6831 compact, 6832 binary) → OTLP/protobuf bytes with the agent's tags (datagram-encoders.ts) → span
 * pipeline (bounded queue, batching, retry with back-off) → OTLP/gRPC export to the collectors; remote sampling on
 * 5778 answered from the collector; admin on 14271.
 *
 * Stop order on SIGTERM: readiness turns 503; UDP keeps being received for `agent.shutdown_grace` (the application
 * next to the agent is flushing too); then the UDP sockets and the sampling port close (datagrams already read are
 * still decoded), the queue drains into the collectors until `shutdown.timeout`, and the channels and admin port close.
 */
import type { Registry } from 'prom-client';
import type { AriadneConfig } from '../config/index.js';
import { createSpanPipeline } from '../pipeline/index.js';
import { createJaegerUdpReceiver, type Receiver } from '../receivers/index.js';
import { createSamplingHttpServer } from '../sampling/index.js';
import { createAdminServer, type Logger } from '../telemetry/index.js';
import { agentMetrics } from './agent-metrics.js';
import { resolveAgentTags } from './agent-tags.js';
import { createCountingSink } from './counting-sink.js';
import { datagramEncoder } from './datagram-encoders.js';
import { mergeEncodedSpans, releaseEncodedSpans } from './encoded-spans.js';
import { createThreadedUdpReceiver } from './threaded-udp-receiver.js';
import { createOtlpForwarder } from './otlp-forwarder.js';
import { createRemoteStrategyProvider, defaultSamplingUrl } from './remote-strategy-provider.js';

export interface StartAgentOptions {
  config: AriadneConfig;
  logger: Logger;
  /** The role's registry (default process metrics and build info already registered). */
  registry: Registry;
  adminPort: number;
  env?: NodeJS.ProcessEnv;
}

export interface RunningAgent {
  addresses(): Record<string, { host: string; port: number }>;
  /** Stops receiving, drains the queue into the collectors (bounded by `shutdown.timeout`), closes. Idempotent. */
  shutdown(): Promise<{ drained: boolean; remainingSpans: number }>;
}

const MIB = 1024 * 1024;

export async function startAgent(options: StartAgentOptions): Promise<RunningAgent> {
  const { config, logger, registry } = options;
  const agent = config.agent;
  const host = config.listen_host;
  const metrics = agentMetrics(registry);
  const tags = resolveAgentTags(agent.tags, options.env ?? process.env);
  const forwarder = createOtlpForwarder({
    collectors: agent.collectors,
    sendTimeoutMs: agent.send_timeout,
    maxMessageBytes: agent.max_message_size_mib * MIB,
    gzip: agent.compression === 'gzip',
    registry,
    logger: logger.child({ component: 'forwarder' }),
  });
  const pipeline = createSpanPipeline({
    writer: forwarder,
    merge: mergeEncodedSpans,
    release: releaseEncodedSpans,
    queueSizeSpans: agent.queue_size,
    workers: agent.workers,
    maxBatchSpans: agent.max_batch_spans,
    batchTimeoutMs: agent.batch_timeout,
    retryAfterMs: config.pipeline.retry_after,
    registry,
    logger: logger.child({ component: 'pipeline' }),
  });
  const sink = createCountingSink(pipeline, metrics);
  const receivers: Receiver[] = [];
  const jaeger = config.receivers.jaeger;
  for (const [protocol, udp] of [['compact', jaeger.thrift_compact], ['binary', jaeger.thrift_binary]] as const) {
    if (!udp.enabled) continue;
    if (protocol === 'compact' && agent.transcode_threads > 0) {
      receivers.push(
        createThreadedUdpReceiver({
          protocol,
          host,
          port: udp.port,
          sink,
          tags,
          registry,
          logger: logger.child({ component: `jaeger-thrift-${protocol}` }),
          socketBufferBytes: udp.socket_buffer_size_mib * MIB,
          threads: agent.transcode_threads,
          handOver: { maxSpans: agent.max_batch_spans, lingerMs: agent.batch_timeout },
        }),
      );
      continue;
    }
    receivers.push(
      createJaegerUdpReceiver({
        protocol,
        host,
        port: udp.port,
        sink,
        decode: datagramEncoder(protocol, tags),
        registry,
        logger: logger.child({ component: `jaeger-thrift-${protocol}` }),
        socketBufferBytes: udp.socket_buffer_size_mib * MIB,
        queueSize: udp.queue_size,
      }),
    );
  }
  const samplingUrl = agent.sampling.collector_url !== '' ? agent.sampling.collector_url : defaultSamplingUrl(agent.collectors[0]!);
  if (config.sampling.http.enabled) {
    const provider = createRemoteStrategyProvider({ url: samplingUrl, cacheTtlMs: agent.sampling.cache_ttl, logger: logger.child({ component: 'sampling' }) });
    receivers.push(
      createSamplingHttpServer({ host, port: config.sampling.http.port, provider, registry, logger: logger.child({ component: 'sampling-http' }) }),
    );
  }

  let draining = false;
  const admin = createAdminServer({
    host,
    port: options.adminPort,
    registry,
    logger,
    readiness: async () => (draining ? 'shutting down' : undefined),
  });
  const addresses: Record<string, { host: string; port: number }> = {};
  try {
    for (const r of receivers) {
      await r.start();
      addresses[r.name] = r.address();
    }
    await admin.start();
    addresses['admin'] = admin.address();
  } catch (err) {
    await Promise.allSettled(receivers.map((r) => r.stop()));
    await admin.stop().catch(() => undefined);
    await pipeline.drain(0);
    forwarder.close();
    throw err;
  }
  logger.info({ role: 'agent', addresses, collectors: agent.collectors, samplingUrl, tags: tags.map((t) => t.key) }, 'ariadne started');

  const shutdown = async (): Promise<{ drained: boolean; remainingSpans: number }> => {
    draining = true;
    const deadline = Date.now() + config.shutdown.timeout;
    // UDP has no acknowledgement to retry on: stop receiving only once the application has had time to send its last
    // spans, and closing the socket finds the kernel buffer already read.
    const graceMs = Math.min(agent.shutdown_grace, config.shutdown.timeout / 2);
    logger.info({ timeoutMs: config.shutdown.timeout, graceMs }, 'shutting down: receiving for the grace period, then forwarding what is queued');
    if (graceMs > 0) await new Promise((resolve) => setTimeout(resolve, graceMs));
    await Promise.allSettled(receivers.map((r) => r.stop()));
    const result = await pipeline.drain(Math.max(0, deadline - Date.now()));
    if (result.remainingSpans > 0) metrics.spansDropped.inc({ reason: 'shutdown_deadline' }, result.remainingSpans);
    forwarder.close();
    await admin.stop().catch((err: unknown) => logger.warn({ err }, 'error while stopping the admin server'));
    const totals = pipeline.stats();
    logger.info(
      // Whatever was accepted and not acknowledged by a collector is lost: counted by reason in ariadne_agent_spans_dropped_total.
      { ...result, acceptedSpans: totals.acceptedSpans, savedSpans: totals.savedSpans, droppedSpans: totals.acceptedSpans - totals.savedSpans },
      'ariadne stopped',
    );
    return result;
  };
  let shutdownPromise: Promise<{ drained: boolean; remainingSpans: number }> | undefined;
  return {
    addresses: () => ({ ...addresses }),
    shutdown: () => (shutdownPromise ??= shutdown()),
  };
}
