/**
 * A FIFO of span batches bounded by the number of spans it holds. Not thread-safe (single event loop).
 * Spans stay counted against the capacity from `offer` until `release`, so batches being written still occupy room:
 * that is what makes storage slowness reach the receivers as backpressure.
 */
import type { TraceBatch } from '../model/index.js';
import type { BatchOrigin } from './span-sink.js';

export interface QueuedBatch<B = TraceBatch> {
  batch: B;
  spanCount: number;
  origin: BatchOrigin;
  /** `performance.now()` when the batch was queued. */
  enqueuedAt: number;
}

export interface BatchQueue<B = TraceBatch> {
  readonly capacitySpans: number;
  /** Spans waiting to be taken. */
  readonly waitingSpans: number;
  /** Spans waiting plus spans taken but not yet released. */
  readonly heldSpans: number;
  /**
   * Queues the batch if the spans fit. A batch larger than the whole capacity is taken only when nothing is held, so
   * an oversized batch still makes progress instead of being refused forever.
   */
  offer(entry: QueuedBatch<B>): boolean;
  /** Whether `offer` would now take a batch of `spanCount` spans. */
  fits(spanCount: number): boolean;
  /** Removes batches from the head until about `maxSpans` spans are taken (at least one batch when any is waiting). */
  take(maxSpans: number): QueuedBatch<B>[];
  /** When the batch waiting longest was offered (`performance.now()`), or undefined when none waits. */
  oldestEnqueuedAt(): number | undefined;
  /** Frees the room of spans that were taken and are now stored or given up. */
  release(spanCount: number): void;
}

export function createBatchQueue<B = TraceBatch>(capacitySpans: number): BatchQueue<B> {
  let items: QueuedBatch<B>[] = [];
  let head = 0;
  let waiting = 0;
  let held = 0;
  return {
    capacitySpans,
    get waitingSpans() {
      return waiting;
    },
    get heldSpans() {
      return held;
    },
    fits(spanCount) {
      return held + spanCount <= capacitySpans || (held === 0 && spanCount > capacitySpans);
    },
    offer(entry) {
      if (!this.fits(entry.spanCount)) return false;
      items.push(entry);
      waiting += entry.spanCount;
      held += entry.spanCount;
      return true;
    },
    take(maxSpans) {
      const out: QueuedBatch<B>[] = [];
      let taken = 0;
      while (head < items.length) {
        const next = items[head]!;
        if (out.length > 0 && taken + next.spanCount > maxSpans) break;
        out.push(next);
        taken += next.spanCount;
        head++;
      }
      waiting -= taken;
      // Compact once the consumed prefix dominates, keeping `take` O(1) amortised.
      if (head > 1024 && head * 2 > items.length) {
        items = items.slice(head);
        head = 0;
      } else if (head === items.length) {
        items = [];
        head = 0;
      }
      return out;
    },
    oldestEnqueuedAt() {
      return head < items.length ? items[head]!.enqueuedAt : undefined;
    },
    release(spanCount) {
      held -= spanCount;
      if (held < 0) held = 0;
    },
  };
}
