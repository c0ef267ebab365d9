/**
 * Loads a trace by id (a file opened in this tab first, else the API's compact format) and derives the model and its
 * analyses once. The page is drawn as soon as the timeline data is in; when the spans' details (attributes, events,
 * links) have arrived, `detailsVersion` goes up so that what shows them renders again, and they are read in idle
 * time, a slice at a time, so that the first search or statistics view does not wait and input is never held up.
 */
import { useEffect, useMemo, useState } from 'react';
import { getTraceModel } from '../api/client.js';
import { getUploadedTrace } from '../api/uploaded-traces.js';
import { useAsync, type AsyncState } from '../api/use-async.js';
import { buildTrace } from '../lib/build-trace.js';
import { computeCriticalPath, type CriticalIndex, type CriticalPath } from '../lib/critical-path.js';
import { computeSelfTimes } from '../lib/self-time.js';
import type { Trace } from '../lib/trace-model.js';

export interface LoadedTrace {
  trace: Trace;
  critical: CriticalPath;
  /** Critical segments per span index. */
  criticalBySpan: CriticalIndex;
  selfTimes: Float64Array;
  fromFile: boolean;
  /** 0 while the spans' details are arriving, 1 once they can be read. */
  detailsVersion: number;
}

/** Spans whose details are read per idle slice. */
const IDLE_SLICE = 512;

export function useTrace(id: string): AsyncState<LoadedTrace> {
  const state = useAsync(id, async (signal) => {
    const local = getUploadedTrace(id);
    const trace = local === undefined ? await getTraceModel(id, signal) : buildTrace(local);
    performance.mark('ariadne:model-built');
    return { trace, fromFile: local !== undefined };
  });
  const [detailsIn, setDetailsIn] = useState<Trace | null>(null);
  const analysed = useMemo((): AsyncState<Omit<LoadedTrace, 'detailsVersion'>> => {
    if (state.status !== 'done') return state;
    const { trace } = state.data;
    const critical = computeCriticalPath(trace);
    const criticalBySpan: CriticalIndex = critical;
    const selfTimes = computeSelfTimes(trace);
    performance.mark('ariadne:analysed');
    return { status: 'done', data: { trace, critical, criticalBySpan, selfTimes, fromFile: state.data.fromFile } };
  }, [state]);
  const trace = analysed.status === 'done' ? analysed.data.trace : undefined;
  useEffect(() => {
    if (trace === undefined) return;
    let stop = () => {};
    let live = true;
    trace.detailsReady.then(
      () => {
        if (!live) return;
        setDetailsIn(trace);
        stop = readDetailsWhenIdle(trace);
      },
      () => undefined, // the spans show without attributes; the page stays usable
    );
    return () => {
      live = false;
      stop();
    };
  }, [trace]);
  return useMemo((): AsyncState<LoadedTrace> => {
    if (analysed.status !== 'done') return analysed;
    return { status: 'done', data: { ...analysed.data, detailsVersion: detailsIn === analysed.data.trace ? 1 : 0 } };
  }, [analysed, detailsIn]);
}

function readDetailsWhenIdle(trace: Trace): () => void {
  let handle = 0;
  const idle = window.requestIdleCallback ?? ((cb: IdleRequestCallback) => window.setTimeout(() => cb({ didTimeout: false, timeRemaining: () => 8 }), 50));
  const cancel = window.cancelIdleCallback ?? window.clearTimeout;
  const step = (deadline: IdleDeadline) => {
    let done = false;
    while (!done && deadline.timeRemaining() > 4) done = trace.readDetails(IDLE_SLICE);
    if (done) performance.mark('ariadne:details-read', { detail: trace.spans.length });
    else handle = idle(step);
  };
  handle = idle(step);
  return () => cancel(handle);
}
