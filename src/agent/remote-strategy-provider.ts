/**
 * The agent's sampling strategies come from its collector: `GET <collector_url>?service=X` (by default the
 * collector's `http://<host>:14268/api/sampling`, Jaeger's collector-side sampling endpoint), answered from a short
 * cache so that many clients polling the agent cost one request per service per `cacheTtlMs`.
 *
 * When the collector cannot be reached (refused, timed out, 5xx) the last answer for that service is served again if
 * there is one; otherwise the call rejects with `SamplingUnavailableError` naming the URL, which the sampling HTTP
 * server turns into a 503 so that clients keep their current strategy and poll again later.
 */
import { SamplingUnavailableError, type SamplingStrategyProvider, type SamplingStrategyResponse } from '../sampling/index.js';
import type { Logger } from '../telemetry/index.js';
import { parseStrategyResponseJson } from './strategy-response-json.js';

export interface RemoteStrategyProviderOptions {
  /** The collector's sampling endpoint without query, e.g. `http://collector:14268/api/sampling`. */
  url: string;
  /** How long an answer is reused, ms. */
  cacheTtlMs: number;
  /** Timeout of one request to the collector, ms. Default 2000. */
  timeoutMs?: number;
  /** Services kept in the cache (oldest evicted first). Default 1000. */
  maxCachedServices?: number;
  logger: Logger;
}

interface Cached {
  value: SamplingStrategyResponse;
  expiresAt: number;
}

export function createRemoteStrategyProvider(options: RemoteStrategyProviderOptions): SamplingStrategyProvider {
  const { url, logger } = options;
  const timeoutMs = options.timeoutMs ?? 2_000;
  const maxCached = options.maxCachedServices ?? 1_000;
  const cache = new Map<string, Cached>();
  const inFlight = new Map<string, Promise<SamplingStrategyResponse>>();

  const remember = (service: string, value: SamplingStrategyResponse): void => {
    cache.delete(service);
    cache.set(service, { value, expiresAt: Date.now() + options.cacheTtlMs });
    if (cache.size > maxCached) cache.delete(cache.keys().next().value!);
  };

  async function fetchStrategy(service: string): Promise<SamplingStrategyResponse> {
    const target = `${url}${url.includes('?') ? '&' : '?'}service=${encodeURIComponent(service)}`;
    let res: Response;
    let text: string;
    try {
      res = await fetch(target, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' } });
      text = await res.text();
    } catch (err) {
      throw new SamplingUnavailableError(
        `cannot reach the collector's sampling endpoint ${url}: ${describe(err, timeoutMs)}; check agent.sampling.collector_url`,
      );
    }
    if (res.status >= 500 || res.status === 429) {
      throw new SamplingUnavailableError(`the collector's sampling endpoint ${url} answered ${res.status}: ${text.slice(0, 200)}`);
    }
    if (res.status !== 200) {
      throw new Error(`the collector's sampling endpoint ${url} answered ${res.status}: ${text.slice(0, 200)}`);
    }
    const parsed = parseStrategyResponseJson(text);
    if (parsed instanceof Error) throw new Error(`the collector's sampling endpoint ${url} sent an unusable strategy: ${parsed.message}`);
    return parsed;
  }

  return {
    strategyFor(service) {
      const cached = cache.get(service);
      if (cached !== undefined && cached.expiresAt > Date.now()) return Promise.resolve(cached.value);
      let pending = inFlight.get(service);
      if (pending === undefined) {
        pending = fetchStrategy(service)
          .then(
            (value) => {
              remember(service, value);
              return value;
            },
            (err: unknown) => {
              if (cached === undefined || !(err instanceof SamplingUnavailableError)) throw err;
              // Keep serving the last answer, and do not ask again before the next expiry.
              logger.warn({ service, err: err.message }, 'collector unreachable; serving the last sampling strategy');
              remember(service, cached.value);
              return cached.value;
            },
          )
          .finally(() => inFlight.delete(service));
        inFlight.set(service, pending);
      }
      return pending;
    },
  };
}

function describe(err: unknown, timeoutMs: number): string {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) return `no answer within ${timeoutMs} ms`;
  const cause = err instanceof Error ? (err.cause as { code?: string; message?: string } | undefined) : undefined;
  if (cause?.code !== undefined) return cause.code;
  return err instanceof Error ? (cause?.message ?? err.message) : String(err);
}

/** The default collector sampling URL for a collector gRPC target: same host, Jaeger's collector HTTP port 14268. */
export function defaultSamplingUrl(collectorTarget: string): string {
  const hostPort = collectorTarget.replace(/^dns:\/\/\//, '');
  const host = hostPort.slice(0, hostPort.lastIndexOf(':'));
  return `http://${host}:14268/api/sampling`;
}
