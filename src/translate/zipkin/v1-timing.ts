/**
 * Start and duration of a Zipkin v1 span, as Jaeger derived them (its Zipkin sanitizers, then its Zipkin → Jaeger
 * conversion):
 * 1. no timestamp: take `cs`; failing that the last `sr`, but only for a span without a parent id;
 * 2. no duration: from the first to the last annotation, narrowed to `cs`…`cr` when present, if that is positive
 *    (also supplying a still-missing timestamp); otherwise 1 µs. A negative duration becomes 1 µs and is recorded
 *    in the tag `errNegativeDuration`;
 * 3. still no timestamp: `cs` (duration `cr − cs` if none), else `sr` (duration `ss − sr` if none).
 */
import type { V1Annotation, V1Span } from './v1-span.js';

export interface V1Timing {
  timestamp: number | undefined;
  duration: number | undefined;
  /** Original value of a negative duration, or undefined. */
  negativeDuration: number | undefined;
}

export function v1Timing(span: V1Span): V1Timing {
  const anns = span.annotations;
  let ts = span.timestamp !== undefined && span.timestamp > 0 ? span.timestamp : undefined;
  let duration = span.duration;
  let negativeDuration: number | undefined;
  if (ts === undefined) {
    const hasParent = span.parentId !== undefined && span.parentId !== '';
    for (const a of anns) {
      if (a.value === 'cs') {
        ts = a.timestamp;
        break;
      }
      if (a.value === 'sr' && !hasParent) ts = a.timestamp;
    }
  }
  if (duration === undefined) {
    duration = 1;
    if (anns.length >= 2) {
      let first = anns[0]!.timestamp;
      let last = anns[anns.length - 1]!.timestamp;
      for (const a of anns) {
        if (a.value === 'cs') first = a.timestamp;
        else if (a.value === 'cr') last = a.timestamp;
      }
      if (first < last) {
        duration = last - first;
        ts ??= first;
      }
    }
  } else if (duration < 0) {
    negativeDuration = duration;
    duration = 1;
  }
  if (ts === undefined) {
    const cs = find(anns, 'cs');
    const sr = find(anns, 'sr');
    if (cs !== undefined) {
      ts = cs.timestamp;
      const cr = find(anns, 'cr');
      if (cr !== undefined && duration === 0) duration = cr.timestamp - cs.timestamp;
    } else if (sr !== undefined) {
      ts = sr.timestamp;
      const ss = find(anns, 'ss');
      if (ss !== undefined && duration === 0) duration = ss.timestamp - sr.timestamp;
    }
  }
  return { timestamp: ts, duration, negativeDuration };
}

export function find(annotations: readonly V1Annotation[], value: string): V1Annotation | undefined {
  for (const a of annotations) if (a.value === value) return a;
  return undefined;
}
