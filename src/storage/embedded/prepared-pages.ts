/**
 * A batch prepared for the embedded store (`SegmentWriter.prepare`): what the collector pipeline queues for this store
 * instead of the span model (see `PreparedWriter`). Its pages are encoded on the event loop, or on a page worker
 * thread from the received bytes (encode-task.ts), in which case they may still be on their way.
 */
import type { EncodeTask } from './encode-task.js';
import type { DependencyEdge } from './log-records.js';
import type { EncodedPage } from './page-builder.js';
import type { EncodedOffThread } from './page-workers.js';

/** Pages encoded on the event loop; `compressed` once compressed (a retry after a failed append writes them again). */
export interface LocalPages {
  pages: EncodedPage[];
  compressed?: Buffer[];
}

/**
 * Pages being encoded and compressed on a worker thread; `task` is kept to ask again if that thread fails, and
 * dropped once it has answered.
 */
export interface OffThreadPages {
  task: EncodeTask | undefined;
  result: Promise<EncodedOffThread>;
  done?: EncodedOffThread;
}

export type PreparedPart = LocalPages | OffThreadPages;

export interface PreparedPages {
  parts: PreparedPart[];
  /** Operation ids the pages use. */
  opsUsed: Set<number>;
  edges: DependencyEdge[];
}

/** One write of several prepared batches, in order (edges of the same pair add up when stored). */
export function mergePreparedPages(prepared: readonly PreparedPages[]): PreparedPages {
  const parts: PreparedPart[] = [];
  const opsUsed = new Set<number>();
  const edges: DependencyEdge[] = [];
  for (const p of prepared) {
    parts.push(...p.parts);
    for (const id of p.opsUsed) opsUsed.add(id);
    edges.push(...p.edges);
  }
  return { parts, opsUsed, edges };
}

export function isOffThread(part: PreparedPart): part is OffThreadPages {
  return (part as OffThreadPages).result !== undefined;
}

/**
 * `result` with a handler attached at once: a thread may fail before the write awaits the result, and an unhandled
 * rejection would end the process. Awaiting the returned promise still sees the failure.
 */
export function awaitedLater<T>(result: Promise<T>): Promise<T> {
  result.catch(() => undefined);
  return result;
}
