/**
 * Everything a collector or all-in-one needs for remote sampling, from the `sampling:` config section: the strategy
 * provider (passed to the Jaeger HTTP and gRPC receivers for `/api/sampling` and `SamplingManager`) and, when
 * `sampling.http.enabled`, the 5778 server, returned as a receiver for the role to start and stop with the others.
 */
import type { Registry } from 'prom-client';
import type { Receiver } from '../receivers/index.js';
import type { Logger } from '../telemetry/index.js';
import { openStrategyProvider, type StrategySourceSettings } from './open-strategy-provider.js';
import { createSamplingHttpServer } from './sampling-http-server.js';
import type { SamplingStrategyProvider } from './strategy-provider.js';

export interface SamplingSettings extends StrategySourceSettings {
  http: { enabled: boolean; port: number };
}

export interface OpenedSampling {
  provider: SamplingStrategyProvider;
  /** Not started yet: the 5778 server when enabled, else empty. */
  receivers: Receiver[];
  /** Stops reloading the strategies file. Idempotent. */
  close(): void;
}

/** Rejects when the strategies file is unusable at startup (the message names the file and each problem). */
export async function openSampling(
  settings: SamplingSettings,
  deps: { host: string; logger: Logger; registry: Registry },
): Promise<OpenedSampling> {
  const { provider, close } = await openStrategyProvider(settings, deps);
  const receivers: Receiver[] = [];
  if (settings.http.enabled) {
    receivers.push(createSamplingHttpServer({ ...deps, port: settings.http.port, provider }));
  }
  return { provider, receivers, close };
}
