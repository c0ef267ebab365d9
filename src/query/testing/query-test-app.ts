/**
 * A query app over a real in-memory store, for route tests: write spans through the store's writer, ask with
 * `app.inject`. The clock is fixed at `TEST_NOW_MS` so default search windows are predictable.
 */
import type { FastifyInstance } from 'fastify';
import { Registry } from 'prom-client';
import type { StorageBackend } from '../../storage/api/index.js';
import { createMemoryStore } from '../../storage/memory/index.js';
import { createSilentLogger } from '../../telemetry/index.js';
import { createQueryApp } from '../create-query-app.js';

/** 2023-11-14T22:13:20Z: one hour after the fixtures' spans start. */
export const TEST_NOW_MS = 1_700_003_600_000;

export interface QueryTestApp {
  app: FastifyInstance;
  store: StorageBackend;
  registry: Registry;
  close(): Promise<void>;
}

export function createQueryTestApp(options: { basePath?: string; maxClockSkewAdjustNs?: bigint } = {}): QueryTestApp {
  const store = createMemoryStore({ maxTraces: 1000 });
  const registry = new Registry();
  const app = createQueryApp({
    reader: store.reader,
    dependencies: store.dependencies,
    logger: createSilentLogger(),
    registry,
    basePath: options.basePath ?? '/',
    maxClockSkewAdjustNs: options.maxClockSkewAdjustNs ?? 0n,
    now: () => TEST_NOW_MS,
  });
  return {
    app,
    store,
    registry,
    async close() {
      await app.close();
      await store.close();
    },
  };
}
