/** Loads a trace by id (a file opened in this tab first, else the API) and derives the model and its analyses once. */
import { useMemo } from 'react';
import { getTrace } from '../api/client.js';
import { getUploadedTrace } from '../api/uploaded-traces.js';
import { useAsync, type AsyncState } from '../api/use-async.js';
import { buildTrace } from '../lib/build-trace.js';
import { computeCriticalPath, type CriticalSegment } from '../lib/critical-path.js';
import { computeSelfTimes } from '../lib/self-time.js';
import type { Trace } from '../lib/trace-model.js';

export interface LoadedTrace {
  trace: Trace;
  critical: CriticalSegment[];
  /** Critical segments per span index. */
  criticalBySpan: Map<number, CriticalSegment[]>;
  selfTimes: Float64Array;
  fromFile: boolean;
  /** ms spent building the model and its analyses. */
  buildMs: number;
}

export function useTrace(id: string): AsyncState<LoadedTrace> {
  const state = useAsync(id, async (signal) => {
    const local = getUploadedTrace(id);
    return { raw: local ?? (await getTrace(id, signal)), fromFile: local !== undefined };
  });
  return useMemo((): AsyncState<LoadedTrace> => {
    if (state.status !== 'done') return state;
    const t0 = performance.now();
    const trace = buildTrace(state.data.raw);
    performance.mark('ariadne:model-built');
    const critical = computeCriticalPath(trace);
    const criticalBySpan = new Map<number, CriticalSegment[]>();
    for (const seg of critical) {
      const list = criticalBySpan.get(seg.span);
      if (list === undefined) criticalBySpan.set(seg.span, [seg]);
      else list.push(seg);
    }
    const selfTimes = computeSelfTimes(trace);
    performance.mark('ariadne:analysed');
    return { status: 'done', data: { trace, critical, criticalBySpan, selfTimes, fromFile: state.data.fromFile, buildMs: performance.now() - t0 } };
  }, [state]);
}
