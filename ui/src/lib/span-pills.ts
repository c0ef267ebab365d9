/**
 * The small badges ("pills") a waterfall row shows after the span name, so the shape of a trace reads at a glance
 * without opening spans: the span kind, the remote service it calls, HTTP method and status, the database, RPC,
 * messaging or GenAI system, and how many events and links it has. Attribute names follow the OpenTelemetry semantic
 * conventions, with the older names where they were renamed.
 */
import { valueToText, type JaegerKeyValue } from './jaeger-types.js';
import type { TraceSpan } from './trace-model.js';

export type PillTone = 'kind' | 'remote' | 'neutral' | 'error';

export interface SpanPill {
  /** What the pill is about (`kind`, `remote`, `http.status`, …), for tests and styling. */
  key: string;
  text: string;
  tone: PillTone;
  title: string;
}

const KINDS = new Set(['server', 'client', 'producer', 'consumer']);
const REMOTE_KEYS = ['peer.service', 'server.address', 'net.peer.name'];
/** Keys (newest name first) and what they name. */
const SYSTEMS: Array<[string[], string]> = [
  [['db.system.name', 'db.system'], 'database'],
  [['rpc.system'], 'RPC system'],
  [['messaging.system'], 'messaging system'],
  [['gen_ai.request.model'], 'GenAI model'],
];

export function spanPills(span: TraceSpan): SpanPill[] {
  const pills: SpanPill[] = [];
  if (KINDS.has(span.kind)) pills.push({ key: 'kind', text: span.kind, tone: 'kind', title: `span kind ${span.kind}` });
  const tags = span.tags;
  // A remote service is named by peer.service; a server or network address counts only for outgoing calls.
  const remote = first(tags, span.kind === 'client' || span.kind === 'producer' ? REMOTE_KEYS : REMOTE_KEYS.slice(0, 1));
  if (remote !== undefined) pills.push({ key: 'remote', text: `→ ${remote.text}`, tone: 'remote', title: `remote service (${remote.key})` });
  const method = first(tags, ['http.request.method', 'http.method']);
  if (method !== undefined) pills.push({ key: 'http.method', text: method.text, tone: 'neutral', title: method.key });
  const status = first(tags, ['http.response.status_code', 'http.status_code']);
  if (status !== undefined) {
    const code = Number(status.text);
    pills.push({ key: 'http.status', text: status.text, tone: code >= 500 ? 'error' : 'neutral', title: status.key });
  }
  for (const [keys, what] of SYSTEMS) {
    const found = first(tags, keys);
    if (found !== undefined) pills.push({ key: keys[0]!, text: found.text, tone: 'neutral', title: `${what} (${found.key})` });
  }
  const events = span.events.length;
  if (events > 0) pills.push({ key: 'events', text: `${events} event${events === 1 ? '' : 's'}`, tone: 'neutral', title: 'events (logs) on this span' });
  const links = span.links.length;
  if (links > 0) pills.push({ key: 'links', text: `${links} link${links === 1 ? '' : 's'}`, tone: 'neutral', title: 'links to other spans' });
  return pills;
}

function first(tags: readonly JaegerKeyValue[], keys: readonly string[]): { key: string; text: string } | undefined {
  for (const key of keys) {
    for (const tag of tags) if (tag.key === key && tag.value !== '') return { key, text: valueToText(tag.value) };
  }
  return undefined;
}
