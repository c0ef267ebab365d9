/**
 * Where config values come from besides the file: environment variables and command-line flags. Both are mapped to
 * key paths of the YAML schema; `--set key.path=value` reaches any key.
 */

/** Env var → key path. Jaeger's names are accepted too, so existing deployment manifests keep working. */
export const ENV_KEYS: ReadonlyArray<readonly [string, string]> = [
  ['ARIADNE_LISTEN_HOST', 'listen_host'],
  ['JAEGER_LISTEN_HOST', 'listen_host'],
  ['ARIADNE_LOG_LEVEL', 'log.level'],
  ['LOG_LEVEL', 'log.level'],
  ['ARIADNE_STORAGE_TYPE', 'storage.type'],
  ['SPAN_STORAGE_TYPE', 'storage.type'],
  ['ARIADNE_DATA_DIR', 'storage.data_dir'],
  ['ARIADNE_MEMORY_MAX_TRACES', 'storage.memory.max_traces'],
  ['MEMORY_MAX_TRACES', 'storage.memory.max_traces'],
  ['ARIADNE_RETENTION', 'storage.embedded.retention'],
  ['ARIADNE_MAX_DISK_SIZE_MIB', 'storage.embedded.max_disk_size_mib'],
  ['ARIADNE_QUEUE_SIZE', 'pipeline.queue_size'],
  ['COLLECTOR_QUEUE_SIZE', 'pipeline.queue_size'],
  ['ARIADNE_WORKERS', 'pipeline.workers'],
  ['COLLECTOR_NUM_WORKERS', 'pipeline.workers'],
  ['ARIADNE_OTLP_GRPC_PORT', 'receivers.otlp.grpc.port'],
  ['ARIADNE_OTLP_HTTP_PORT', 'receivers.otlp.http.port'],
  ['ARIADNE_QUERY_PORT', 'query.port'],
  ['ARIADNE_QUERY_BASE_PATH', 'query.base_path'],
  ['QUERY_BASE_PATH', 'query.base_path'],
  ['ARIADNE_SAMPLING_STRATEGIES_FILE', 'sampling.strategies_file'],
  ['SAMPLING_STRATEGIES_FILE', 'sampling.strategies_file'],
  ['SAMPLING_STRATEGIES_RELOAD_INTERVAL', 'sampling.reload_interval'],
  ['SAMPLING_DEFAULT_SAMPLING_PROBABILITY', 'sampling.default_sampling_probability'],
  ['ARIADNE_ADMIN_PORT', 'admin.port'],
  ['ARIADNE_SHUTDOWN_TIMEOUT', 'shutdown.timeout'],
  ['ARIADNE_AGENT_COLLECTORS', 'agent.collectors'],
  ['REPORTER_GRPC_HOST_PORT', 'agent.collectors'],
  ['ARIADNE_AGENT_TAGS', 'agent.tags'],
  ['AGENT_TAGS', 'agent.tags'],
  ['JAEGER_TAGS', 'agent.tags'],
  ['ARIADNE_AGENT_QUEUE_SIZE', 'agent.queue_size'],
  ['ARIADNE_AGENT_WORKERS', 'agent.workers'],
  ['ARIADNE_AGENT_SEND_TIMEOUT', 'agent.send_timeout'],
  ['ARIADNE_AGENT_SAMPLING_URL', 'agent.sampling.collector_url'],
];

/** Flag name (without `--`) → key path. */
export const FLAG_KEYS: Readonly<Record<string, string>> = {
  'listen-host': 'listen_host',
  'log-level': 'log.level',
  storage: 'storage.type',
  'data-dir': 'storage.data_dir',
  'memory.max-traces': 'storage.memory.max_traces',
  retention: 'storage.embedded.retention',
  'max-disk-size-mib': 'storage.embedded.max_disk_size_mib',
  'queue-size': 'pipeline.queue_size',
  workers: 'pipeline.workers',
  'otlp.grpc.port': 'receivers.otlp.grpc.port',
  'otlp.http.port': 'receivers.otlp.http.port',
  'jaeger.thrift-compact.port': 'receivers.jaeger.thrift_compact.port',
  'jaeger.thrift-binary.port': 'receivers.jaeger.thrift_binary.port',
  'jaeger.thrift-http.port': 'receivers.jaeger.thrift_http.port',
  'jaeger.grpc.port': 'receivers.jaeger.grpc.port',
  'zipkin.port': 'receivers.zipkin.port',
  'sampling.strategies-file': 'sampling.strategies_file',
  'sampling.strategies-reload-interval': 'sampling.reload_interval',
  'sampling.default-sampling-probability': 'sampling.default_sampling_probability',
  'sampling.http.port': 'sampling.http.port',
  'query.port': 'query.port',
  'query.base-path': 'query.base_path',
  'admin.port': 'admin.port',
  'shutdown.timeout': 'shutdown.timeout',
  'agent.collectors': 'agent.collectors',
  'reporter.grpc.host-port': 'agent.collectors',
  'agent.tags': 'agent.tags',
  'agent.queue-size': 'agent.queue_size',
};

export type RawConfig = Record<string, unknown>;

/** Sets `value` at a dotted key path, creating objects on the way. */
export function setPath(target: RawConfig, path: string, value: unknown): void {
  const keys = path.split('.');
  let node: RawConfig = target;
  for (let i = 0; i < keys.length - 1; i++) {
    const k = keys[i]!;
    const next = node[k];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) node[k] = {};
    node = node[k] as RawConfig;
  }
  node[keys[keys.length - 1]!] = value;
}

/** The env overrides present in `env`, as key path → value (later names in ENV_KEYS lose to earlier ones). */
export function envOverrides(env: NodeJS.ProcessEnv): Array<[string, string]> {
  const seen = new Set<string>();
  const out: Array<[string, string]> = [];
  for (const [name, path] of ENV_KEYS) {
    const v = env[name];
    if (v === undefined || v === '' || seen.has(path)) continue;
    seen.add(path);
    out.push([path, v]);
  }
  return out;
}
