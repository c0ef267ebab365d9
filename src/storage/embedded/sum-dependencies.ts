/**
 * Dependency links for a window: the call edges recorded at write time (dependency-tracker.ts) in every minute that
 * overlaps [start, end], summed per parent and child service.
 */
import type { DependencyLink } from '../api/index.js';
import type { Segment } from './segment.js';

const NS_PER_MINUTE = 60_000_000_000n;
export const DEPENDENCY_SOURCE = 'jaeger';

export function sumDependencies(segments: readonly Segment[], startNs: bigint, endNs: bigint): DependencyLink[] {
  if (endNs < startNs) return [];
  const firstMinute = Number((startNs < 0n ? 0n : startNs) / NS_PER_MINUTE);
  const lastMinute = Number((endNs < 0n ? 0n : endNs) / NS_PER_MINUTE);
  const links = new Map<string, DependencyLink>();
  for (const segment of segments) {
    for (const e of segment.edges()) {
      if (e.minute < firstMinute || e.minute > lastMinute) continue;
      const key = e.parent + '\u0000' + e.child;
      const link = links.get(key);
      if (link === undefined) links.set(key, { parent: e.parent, child: e.child, callCount: e.calls, source: DEPENDENCY_SOURCE });
      else link.callCount += e.calls;
    }
  }
  return [...links.values()];
}
