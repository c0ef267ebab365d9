/**
 * Retention picks whole sealed segments to delete, never single spans: those whose last write is older than the
 * retention period, then, while the store is over its disk budget, the oldest remaining ones. The active segment is
 * never picked; it rolls over often enough (a fraction of the retention period, and of the budget) for the bounds to
 * hold closely.
 */
import type { DeletionReason } from './embedded-metrics.js';

export interface RetentionCandidate {
  seq: number;
  sealed: boolean;
  lastWriteMs: number;
  diskBytes: number;
}

export interface RetentionPolicy {
  retentionMs: number;
  /** 0 = no size bound. */
  maxDiskBytes: number;
}

export function selectForDeletion<T extends RetentionCandidate>(
  segments: readonly T[],
  policy: RetentionPolicy,
  nowMs: number,
): Array<{ segment: T; reason: DeletionReason }> {
  const out: Array<{ segment: T; reason: DeletionReason }> = [];
  const oldestFirst = [...segments].sort((a, b) => a.seq - b.seq);
  let total = 0;
  for (const s of oldestFirst) total += s.diskBytes;
  const chosen = new Set<T>();
  for (const s of oldestFirst) {
    if (s.sealed && s.lastWriteMs < nowMs - policy.retentionMs) {
      out.push({ segment: s, reason: 'age' });
      chosen.add(s);
      total -= s.diskBytes;
    }
  }
  if (policy.maxDiskBytes > 0) {
    for (const s of oldestFirst) {
      if (total <= policy.maxDiskBytes) break;
      if (!s.sealed || chosen.has(s)) continue;
      out.push({ segment: s, reason: 'size' });
      total -= s.diskBytes;
    }
  }
  return out;
}
