/**
 * Builds the strategy provider a collector or all-in-one serves from the `sampling:` config section: the strategies
 * file when one is configured (watched and polled), else every service gets probabilistic
 * `default_sampling_probability` (0.001 by default, like Jaeger).
 */
import type { Registry } from 'prom-client';
import type { Logger } from '../telemetry/index.js';
import { createFileStrategyProvider } from './file-strategy-provider.js';
import type { SamplingStrategyProvider } from './strategy-provider.js';
import { defaultStrategyTable, lookupStrategy } from './strategy-table.js';

/** The `sampling:` keys this needs (durations already in milliseconds). */
export interface StrategySourceSettings {
  strategies_file: string;
  default_sampling_probability: number;
  reload_interval: number;
}

export interface OpenedStrategyProvider {
  provider: SamplingStrategyProvider;
  /** Stops reloading. Idempotent. */
  close(): void;
}

/** Rejects with a message naming the file and each problem when the strategies file is unusable at startup. */
export async function openStrategyProvider(
  settings: StrategySourceSettings,
  deps: { logger: Logger; registry: Registry },
): Promise<OpenedStrategyProvider> {
  if (settings.strategies_file === '') {
    const table = defaultStrategyTable(settings.default_sampling_probability);
    deps.logger.info(
      { defaultSamplingProbability: settings.default_sampling_probability },
      'no sampling strategies file; every service gets the default probabilistic strategy',
    );
    return { provider: { strategyFor: (service) => Promise.resolve(lookupStrategy(table, service)) }, close: () => undefined };
  }
  const provider = createFileStrategyProvider({
    path: settings.strategies_file,
    defaultSamplingProbability: settings.default_sampling_probability,
    reloadIntervalMs: settings.reload_interval,
    logger: deps.logger,
    registry: deps.registry,
  });
  await provider.start();
  return { provider, close: () => provider.close() };
}
