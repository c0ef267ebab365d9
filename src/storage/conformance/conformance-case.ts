/** How the suite registers its cases: each on a fresh backend, closed afterwards, or skipped with a written reason. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StorageBackend, TraceQuery } from '../api/index.js';
import { collect, traceIdsOf } from './trace-compare.js';

export type OpenBackend = () => Promise<StorageBackend>;

export interface ConformanceOptions {
  /**
   * Cases this backend opts out of: the case name (as the test runner prints it) → why. A reason is required so that
   * every gap is written down; the case is reported as skipped with it.
   */
  skip?: Readonly<Record<string, string>>;
  /**
   * The folder of Jaeger's storage fixtures. Default: env `ARIADNE_JAEGER_FIXTURES`, else
   * `../shared/conformance/jaeger-storage-fixtures` relative to the repository root.
   */
  jaegerFixturesDir?: string;
}

export interface SuiteContext {
  open: OpenBackend;
  options: ConformanceOptions;
}

/** The reason `name` is skipped, or undefined when it runs. */
export function skipReason(ctx: SuiteContext, name: string): string | undefined {
  return ctx.options.skip?.[name];
}

/** Registers one case that runs `body` on a fresh backend from `open()` and closes it, pass or fail. */
export function storageCase(ctx: SuiteContext, name: string, body: (backend: StorageBackend) => Promise<void>): void {
  const reason = skipReason(ctx, name);
  if (reason !== undefined) {
    test(name, { skip: reason }, () => {});
    return;
  }
  test(name, async () => {
    const backend = await ctx.open();
    try {
      await body(backend);
    } finally {
      await backend.close();
    }
  });
}

/** A search with open bounds and depth 100, overridden by `partial`. */
export function makeQuery(partial: Partial<TraceQuery>): TraceQuery {
  return {
    serviceName: '',
    operationName: '',
    attributes: [],
    startTimeMin: undefined,
    startTimeMax: undefined,
    durationMin: undefined,
    durationMax: undefined,
    searchDepth: 100,
    ...partial,
  };
}

/** Ids of the traces `findTraces` returns, sorted; also checks `findTraceIds` agrees. */
export async function foundIds(backend: StorageBackend, query: TraceQuery): Promise<string[]> {
  const traces = await collect(backend.reader.findTraces(query));
  const ids = traceIdsOf(traces);
  const viaIds = (await backend.reader.findTraceIds(query)).map((f) => f.traceId).sort();
  assert.deepEqual(viaIds, ids, 'findTraceIds and findTraces agree');
  return ids;
}
