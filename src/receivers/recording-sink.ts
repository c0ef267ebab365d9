/**
 * A real `SpanSink` for receiver tests: it keeps every accepted batch in memory and can be told to refuse, the two
 * outcomes the pipeline produces. Receivers are tested against the contract, not against storage.
 */
import type { AcceptOutcome, BatchOrigin, SpanSink } from '../pipeline/index.js';
import { forEachSpan, type Span, type TraceBatch } from '../model/index.js';

export interface RecordingSink extends SpanSink {
  /** Accepted batches in arrival order. */
  readonly accepted: Array<{ batch: TraceBatch; spanCount: number; origin: BatchOrigin }>;
  /** Every `accept` call, refused ones included. */
  offers(): number;
  /** Every accepted span, flattened. */
  spans(): Span[];
  /** Refuse the next `times` offers (Infinity: until `acceptAll`), suggesting `retryAfterMs`. */
  refuse(times: number, retryAfterMs: number): void;
  acceptAll(): void;
  clear(): void;
}

export function createRecordingSink(): RecordingSink {
  const accepted: RecordingSink['accepted'] = [];
  let offers = 0;
  let refusals = 0;
  let retryAfterMs = 1000;
  return {
    accepted,
    offers: () => offers,
    accept(batch, spanCount, origin): AcceptOutcome {
      offers++;
      if (refusals > 0) {
        refusals--;
        return { status: 'refused', reason: 'queue_full', retryAfterMs, message: 'span queue is full (test); retry later' };
      }
      accepted.push({ batch, spanCount, origin });
      return { status: 'accepted' };
    },
    spans() {
      const out: Span[] = [];
      for (const a of accepted) forEachSpan(a.batch, (s) => out.push(s));
      return out;
    },
    refuse(times, ms) {
      refusals = times;
      retryAfterMs = ms;
    },
    acceptAll() {
      refusals = 0;
    },
    clear() {
      accepted.length = 0;
      offers = 0;
    },
  };
}
