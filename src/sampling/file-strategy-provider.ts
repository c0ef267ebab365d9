/**
 * Serves the strategies of a Jaeger strategies file and keeps them current. A local file is watched (`fs.watch` on
 * its directory, so editors that replace the file and Kubernetes ConfigMap symlink swaps are seen) and also polled
 * every `reloadIntervalMs` in case watching misses an event; an http(s) URL is polled (1 s timeout; 503 keeps the
 * current strategies, as Jaeger does). A reload happens only when the content changed. A new file that cannot be read
 * or parsed keeps the previous strategies, logs an error once per distinct bad content and counts a failed reload.
 */
import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import type { Registry } from 'prom-client';
import type { Logger } from '../telemetry/index.js';
import { samplingMetrics } from './sampling-metrics.js';
import { parseStrategiesFile } from './strategies-file.js';
import type { SamplingStrategyProvider, SamplingStrategyResponse } from './strategy-provider.js';
import { buildStrategyTable, defaultStrategyTable, lookupStrategy, type StrategyTable } from './strategy-table.js';

export interface FileStrategyProviderOptions {
  /** Local file path or http(s) URL. */
  path: string;
  /** Used for the default strategy when the file has none, and for unknown types. */
  defaultSamplingProbability: number;
  /** Polling period; 0 disables reloading altogether (no watch, no polling), like Jaeger's `reload_interval: 0`. */
  reloadIntervalMs: number;
  logger: Logger;
  registry: Registry;
  /** Watch a local file for changes (default true); polling alone may suit filesystems where watching is unreliable. */
  watch?: boolean;
  /** Quiet period after a change event before re-reading, so a file being written is read once complete. Default 100 ms. */
  debounceMs?: number;
}

export type ReloadOutcome = 'reloaded' | 'unchanged' | 'failed';

export interface FileStrategyProvider extends SamplingStrategyProvider {
  /** Loads the file the first time and starts watching. Rejects, naming the file and every problem, when it is unusable. */
  start(): Promise<void>;
  /** Re-reads the source now (what watching and polling call). */
  reload(): Promise<ReloadOutcome>;
  /** Stops watching and polling. Idempotent. */
  close(): void;
}

const URL_RE = /^https?:\/\//i;
const FETCH_TIMEOUT_MS = 1_000;

export function createFileStrategyProvider(options: FileStrategyProviderOptions): FileStrategyProvider {
  const { path, logger } = options;
  const isUrl = URL_RE.test(path);
  const metrics = samplingMetrics(options.registry);
  let table: StrategyTable = defaultStrategyTable(options.defaultSamplingProbability);
  let lastGood: string | undefined;
  let lastBad: string | undefined;
  let watcher: FSWatcher | undefined;
  let timer: NodeJS.Timeout | undefined;
  let debounce: NodeJS.Timeout | undefined;
  let running: Promise<ReloadOutcome> | undefined;
  let again = false;
  let closed = false;

  const load = async (initial: boolean): Promise<ReloadOutcome> => {
    const source = await readSource(path, isUrl);
    if (source.kind === 'unavailable') {
      logger.warn({ path }, 'sampling strategies URL answered 503; keeping the current strategies');
      return 'unchanged';
    }
    if (source.kind === 'error') return fail(source.message, initial, source.message);
    if (source.text === lastGood || (!initial && source.text === lastBad)) return 'unchanged';
    const parsed = parseStrategiesFile(source.text);
    if (!parsed.ok) return fail(parsed.errors.join('; '), initial, source.text);
    const warnings: string[] = [];
    table = buildStrategyTable(parsed.strategies, options.defaultSamplingProbability, (m, p) => warnings.push(`${p}: ${m}`));
    for (const w of warnings) logger.warn({ path }, `sampling strategies: ${w}`);
    lastGood = source.text;
    lastBad = undefined;
    metrics.reloads.inc({ outcome: 'ok' });
    logger.info({ path, services: table.services.size }, initial ? 'sampling strategies loaded' : 'sampling strategies reloaded');
    return 'reloaded';
  };

  const fail = (message: string, initial: boolean, content: string): ReloadOutcome => {
    metrics.reloads.inc({ outcome: 'failed' });
    if (initial) throw new Error(`sampling.strategies_file ${path}: ${message}`);
    if (content !== lastBad) logger.error({ path, error: message }, 'cannot reload sampling strategies; keeping the previous ones');
    lastBad = content;
    return 'failed';
  };

  // One load at a time; a change arriving meanwhile triggers one more pass afterwards.
  const reload = (): Promise<ReloadOutcome> => {
    if (running !== undefined) {
      again = true;
      return running;
    }
    running = load(false)
      .catch((err: unknown) => {
        logger.error({ err, path }, 'sampling strategies reload failed unexpectedly');
        return 'failed' as const;
      })
      .finally(() => {
        running = undefined;
        if (again && !closed) {
          again = false;
          void reload();
        }
      });
    return running;
  };

  const scheduleReload = (): void => {
    if (closed) return;
    clearTimeout(debounce);
    debounce = setTimeout(() => void reload(), options.debounceMs ?? 100);
    debounce.unref();
  };

  return {
    strategyFor: (service: string): Promise<SamplingStrategyResponse> => Promise.resolve(lookupStrategy(table, service)),
    start: async () => {
      await load(true);
      if (options.reloadIntervalMs <= 0 || closed) return;
      if (!isUrl && options.watch !== false) watcher = watchDirectory(path, scheduleReload, logger);
      timer = setInterval(() => void reload(), options.reloadIntervalMs);
      timer.unref();
    },
    reload,
    close: () => {
      closed = true;
      watcher?.close();
      clearInterval(timer);
      clearTimeout(debounce);
    },
  };
}

type Source = { kind: 'text'; text: string } | { kind: 'error'; message: string } | { kind: 'unavailable' };

async function readSource(path: string, isUrl: boolean): Promise<Source> {
  if (!isUrl) {
    try {
      return { kind: 'text', text: await readFile(path, 'utf8') };
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      return { kind: 'error', message: `cannot read the file (${e.code ?? e.message})` };
    }
  }
  try {
    const res = await fetch(path, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
    const text = await res.text();
    if (res.status === 503) return { kind: 'unavailable' };
    if (res.status !== 200) return { kind: 'error', message: `GET answered ${res.status}: ${text.slice(0, 200)}` };
    return { kind: 'text', text };
  } catch (err) {
    return { kind: 'error', message: `cannot download the strategies (${(err as Error).message})` };
  }
}

/** Watches the file's directory: events for the file itself, or for any entry when the platform omits names. */
function watchDirectory(path: string, onChange: () => void, logger: Logger): FSWatcher | undefined {
  const file = basename(path);
  try {
    const w = watch(dirname(resolve(path)), { persistent: false }, (_event, name) => {
      // ConfigMap volumes swap a `..data` symlink rather than touching the file: react to every entry but our siblings'.
      if (name === null || name === file || name.startsWith('..')) onChange();
    });
    w.on('error', (err) => logger.warn({ err, path }, 'watching the sampling strategies file failed; polling continues'));
    return w;
  } catch (err) {
    logger.warn({ err, path }, 'cannot watch the sampling strategies file; relying on polling');
    return undefined;
  }
}
