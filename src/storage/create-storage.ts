/** Opens the storage backend the config names. Each backend is a folder; this is the one place that picks one. */
import type { Registry } from 'prom-client';
import type { AriadneConfig } from '../config/index.js';
import type { Logger } from '../telemetry/index.js';
import type { StorageBackend } from './api/index.js';
import { createEmbeddedStore } from './embedded/index.js';
import { createMemoryStore } from './memory/index.js';

export async function openStorage(
  config: AriadneConfig['storage'],
  deps: { registry: Registry; logger: Logger },
): Promise<StorageBackend> {
  switch (config.type) {
    case 'embedded': {
      const { retention, max_disk_size_mib, fsync_interval, page_threads, native_pages } = config.embedded;
      deps.logger.info(
        { dataDir: config.data_dir, retentionMs: retention, maxDiskSizeMiB: max_disk_size_mib, fsyncIntervalMs: fsync_interval },
        'storage: embedded segment files (persistent)',
      );
      return createEmbeddedStore({
        dataDir: config.data_dir,
        retentionMs: retention,
        maxDiskBytes: max_disk_size_mib * 1024 * 1024,
        fsyncIntervalMs: fsync_interval,
        pageThreads: page_threads,
        nativePages: native_pages,
        registry: deps.registry,
        logger: deps.logger,
      });
    }
    case 'memory': {
      deps.logger.info({ maxTraces: config.memory.max_traces }, 'storage: in memory (lost on restart)');
      return createMemoryStore({ maxTraces: config.memory.max_traces, registry: deps.registry });
    }
  }
}
