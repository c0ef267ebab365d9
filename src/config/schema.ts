/**
 * The whole configuration, validated once at startup. Keys are snake_case like the OpenTelemetry Collector's and
 * Jaeger v2's YAML. Every key has a default, so an empty file (or none) is a valid config.
 */
import { z } from 'zod';
import { LOG_LEVELS } from '../telemetry/index.js';
import { basePath, bool, durationMs, durationNs, integer, oneOf, port, stringList, text } from './scalars.js';

export const STORAGE_TYPES = ['embedded', 'memory'] as const;

// Generic over the shape, so TypeScript cannot see that `{}` is a valid input (every key has its own prefault).
const section = <T extends z.ZodRawShape>(shape: T) =>
  z.strictObject(shape).prefault({} as z.input<z.ZodObject<T, z.core.$strict>>);

const corsSchema = section({
  allowed_origins: stringList.prefault([]),
  allowed_headers: stringList.prefault([]),
  max_age: durationMs.prefault('2h'),
});

/** A probability from 0 to 1; strings (env, flags) are read as numbers. */
const probability = z.unknown().transform((v, ctx) => {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  if (typeof n === 'number' && n >= 0 && n <= 1) return n;
  ctx.addIssue({ code: 'custom', message: `${JSON.stringify(v)} is not a probability (use a number from 0 to 1, e.g. 0.001)` });
  return z.NEVER;
});

function udpSection(defaultPort: number) {
  return section({
    enabled: bool.prefault(true),
    port: port.prefault(defaultPort),
    /** Kernel receive buffer requested (SO_RCVBUF); a warning is logged when net.core.rmem_max grants less. */
    socket_buffer_size_mib: integer(1, 'a size in MiB').prefault(8),
    /** Datagrams waiting to be decoded; further ones are dropped and counted. */
    queue_size: integer(1, 'a packet count').prefault(1000),
  });
}

/** gRPC targets: `host:port`, `[ipv6]:port`, or `dns:///host:port` (resolved to every address, balanced round-robin). */
const grpcTargetList = stringList.transform((list, ctx) => {
  const bad = list.filter((t) => !/^(?:dns:\/\/\/)?(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_.-]+):\d{1,5}$/.test(t));
  if (list.length === 0 || bad.length > 0) {
    ctx.addIssue({
      code: 'custom',
      message: `${bad.length > 0 ? JSON.stringify(bad) : 'an empty list'} is not a list of collector addresses (use host:port, e.g. "collector:4317", or "dns:///collector-headless:4317")`,
    });
    return z.NEVER;
  }
  return list;
});

/** Tags as a mapping, or Jaeger's `key=value,key2=${ENV_VAR:default}` string (env/flag form). Values stay unexpanded. */
const tagMap = z.unknown().transform((v, ctx) => {
  const out: Record<string, string> = {};
  if (typeof v === 'string') {
    for (const item of v.split(',')) {
      if (item.trim() === '') continue;
      const eq = item.indexOf('=');
      if (eq <= 0) {
        ctx.addIssue({ code: 'custom', message: `"${item}" is not key=value (example: "pod.name=\${POD_NAME:unknown},zone=eu-1")` });
        return z.NEVER;
      }
      out[item.slice(0, eq).trim()] = item.slice(eq + 1).trim();
    }
    return out;
  }
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    for (const [k, x] of Object.entries(v)) {
      if (typeof x !== 'string' && typeof x !== 'number' && typeof x !== 'boolean') {
        ctx.addIssue({ code: 'custom', message: `tag "${k}" must have a string, number or boolean value` });
        return z.NEVER;
      }
      out[k] = String(x);
    }
    return out;
  }
  ctx.addIssue({ code: 'custom', message: 'must be a mapping of tag names to values, or "key=value,key2=value2"' });
  return z.NEVER;
});

export const configSchema = section({
  /** Interface every listener binds to. 127.0.0.1 by default; 0.0.0.0 in containers. */
  listen_host: text.prefault('127.0.0.1'),
  log: section({
    level: oneOf(LOG_LEVELS).prefault('info'),
  }),
  receivers: section({
    otlp: section({
      grpc: section({
        enabled: bool.prefault(true),
        port: port.prefault(4317),
        max_recv_msg_size_mib: integer(1, 'a size in MiB').prefault(4),
      }),
      http: section({
        enabled: bool.prefault(true),
        port: port.prefault(4318),
        max_request_body_size_mib: integer(1, 'a size in MiB').prefault(20),
        cors: corsSchema,
      }),
    }),
    jaeger: section({
      /** Agent UDP, emitBatch in the Thrift compact protocol (most Jaeger clients). */
      thrift_compact: udpSection(6831),
      /** Agent UDP, emitBatch in the Thrift binary protocol (jaeger-client-node). */
      thrift_binary: udpSection(6832),
      /** Collector `POST /api/traces`, a binary Thrift Batch. */
      thrift_http: section({
        enabled: bool.prefault(true),
        port: port.prefault(14268),
      }),
      /** Collector gRPC `jaeger.api_v2.CollectorService/PostSpans`. */
      grpc: section({
        enabled: bool.prefault(true),
        port: port.prefault(14250),
      }),
    }),
    zipkin: section({
      enabled: bool.prefault(true),
      port: port.prefault(9411),
    }),
  }),
  pipeline: section({
    /** Queue capacity in spans (waiting plus being written). */
    queue_size: integer(1, 'a span count').prefault(200_000),
    /** Concurrent storage writes. */
    workers: integer(1, 'a worker count').prefault(2),
    /** Most spans merged into one storage write. */
    max_batch_spans: integer(1, 'a span count').prefault(8192),
    /** Back-off suggested to clients when the queue is full (HTTP Retry-After). */
    retry_after: durationMs.prefault('1s'),
  }),
  storage: section({
    /** `embedded` (default): segment files under data_dir, survives restarts; `memory`: lost on restart. */
    type: oneOf(STORAGE_TYPES).prefault('embedded'),
    /** Where persistent backends keep their files. */
    data_dir: text.prefault('./data'),
    memory: section({
      max_traces: integer(1, 'a trace count').prefault(100_000),
    }),
    embedded: section({
      /** Segments whose last write is older than this are deleted (whole segments, not span by span). */
      retention: durationMs.prefault('168h'),
      /** Oldest segments are deleted while the store's files exceed this; 0 = no bound. */
      max_disk_size_mib: integer(0, 'a size in MiB').prefault(0),
      /** Least time between group-commit fsyncs; a write is acknowledged after the fsync covering it. */
      fsync_interval: durationMs.prefault('10ms'),
      /** Worker threads encoding and compressing pages; 0 = 2 when the process may use more than one CPU, else 1. */
      page_threads: integer(0, 'a thread count').prefault(0),
      /** Scan requests and encode pages with the native code where it was built (native/); false: in JavaScript. Same pages. */
      native_pages: bool.prefault(true),
    }),
  }),
  query: section({
    port: port.prefault(16686),
    /** URL prefix for reverse proxies, e.g. /jaeger. */
    base_path: basePath.prefault('/'),
    /** Largest clock-skew correction applied at query time; 0s disables the adjuster (Jaeger's default). */
    max_clock_skew_adjustment: durationNs.prefault('0s'),
  }),
  /**
   * Remote sampling served by all-in-one and collector: `GET /sampling?service=` on http.port, `GET /api/sampling` on
   * the Jaeger HTTP port (14268) and gRPC `SamplingManager` on the Jaeger gRPC port (14250).
   */
  sampling: section({
    /** Jaeger strategies JSON file, or an http(s) URL; '' means every service gets default_sampling_probability. */
    strategies_file: z.string().prefault(''),
    /** Probabilistic rate for services without a strategy when there is no file or it has no default_strategy. */
    default_sampling_probability: probability.prefault(0.001),
    /** How often the file is re-read (a local file's changes are also seen at once through watching); 0s = never reload. */
    reload_interval: durationMs.prefault('30s'),
    /** Also the agent role's sampling port (its answers come from the collector, see agent.sampling). */
    http: section({
      enabled: bool.prefault(true),
      port: port.prefault(5778),
    }),
  }),
  /** The `agent` role: Jaeger UDP (receivers.jaeger.thrift_compact/thrift_binary) forwarded to collectors over OTLP gRPC. */
  agent: section({
    /** Collectors' OTLP gRPC addresses; batches go round-robin, failing over to the next on a retryable error. */
    collectors: grpcTargetList.prefault(['127.0.0.1:4317']),
    /** Queue capacity in spans (waiting plus being sent); UDP spans arriving when it is full are dropped and counted. */
    queue_size: integer(1, 'a span count').prefault(50_000),
    /** Concurrent sends to the collectors. */
    workers: integer(1, 'a worker count').prefault(2),
    /** Most spans in one export request (larger requests are also split to stay under max_message_size_mib). */
    max_batch_spans: integer(1, 'a span count').prefault(1000),
    /**
     * How long spans may wait for an export request to fill up to max_batch_spans before it is sent anyway (as the
     * OpenTelemetry Collector's batch processor `timeout`); 0s sends whatever is queued at once. Fuller requests cost
     * far less CPU per span.
     */
    batch_timeout: durationMs.prefault('200ms'),
    /**
     * Threads that transcode Jaeger compact datagrams (6831) off the main thread, which then only forwards: 0 keeps
     * everything on the main thread; 1 is a worker that owns the socket; more add helpers it deals datagrams to. More
     * throughput when the agent has cores to use (one transcoding thread saturates near 100k spans/s).
     */
    transcode_threads: integer(0, 'a thread count').prefault(0),
    /** Largest export request sent; the collector's receive limit (4 MiB by default) must not be smaller. */
    max_message_size_mib: integer(1, 'a size in MiB').prefault(4),
    /** Deadline of one export call; a collector that does not answer in time is failed over and retried later. */
    send_timeout: durationMs.prefault('5s'),
    /** `gzip` compresses export requests (less network, more CPU). */
    compression: oneOf(['none', 'gzip'] as const).prefault('none'),
    /** Added to every span's resource unless the application set the key; `${ENV_VAR:default}` is expanded at start. */
    tags: tagMap.prefault({}),
    /**
     * After SIGTERM, keep receiving UDP this long before draining (at most half of shutdown.timeout): in a pod, the
     * application gets SIGTERM at the same moment and sends its last spans while it exits.
     */
    shutdown_grace: durationMs.prefault('1s'),
    /** The agent serves `GET /sampling?service=` on sampling.http (5778), answered from the collector's endpoint. */
    sampling: section({
      /** The collector's sampling endpoint; '' means http://<first collector's host>:14268/api/sampling. */
      collector_url: z.string().prefault(''),
      /** How long an answer from the collector is reused before asking again. */
      cache_ttl: durationMs.prefault('10s'),
    }),
  }),
  admin: section({
    /** Admin HTTP port (metrics, health). Defaults: 14269 for all-in-one and collector, 16687 for query, 14271 for agent. */
    port: port.optional(),
  }),
  shutdown: section({
    /** How long SIGTERM may take to drain the queue into storage before the process exits anyway. */
    timeout: durationMs.prefault('30s'),
  }),
});

export type AriadneConfig = z.output<typeof configSchema>;
