/**
 * Traces opened from files: kept in memory for this tab only (never sent to the server), so the trace page can show
 * them by id like stored ones.
 */
import { normalizeId, type JaegerTrace } from '../lib/jaeger-types.js';

const uploaded = new Map<string, JaegerTrace>();
const listeners = new Set<() => void>();

export function addUploadedTraces(traces: JaegerTrace[]): void {
  for (const t of traces) uploaded.set(normalizeId(t.traceID), t);
  for (const l of listeners) l();
}

export function getUploadedTrace(id: string): JaegerTrace | undefined {
  return uploaded.get(normalizeId(id));
}

export function listUploadedTraces(): JaegerTrace[] {
  return [...uploaded.values()];
}

export function clearUploadedTraces(): void {
  uploaded.clear();
  for (const l of listeners) l();
}

export function onUploadsChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
