/**
 * Clock-skew correction (Jaeger's algorithm). Spans are arranged by parent; walking down from each root, a span on a
 * different host than the one its skew was measured on (or on an unknown host) is compared with its already adjusted
 * parent:
 * - a child longer than its parent is only moved so that it does not start before the parent;
 * - a child already inside its parent is left alone;
 * - otherwise it is centred in the parent (network latency assumed equal both ways).
 * The delta applies to the span, its events and its descendants on the same host, when |delta| ≤ `maxDeltaNs`;
 * otherwise the span gets a warning instead. Runs after the span-id adjusters: with duplicate ids it leaves the
 * duplicates alone, and a span whose parent is missing is treated as a root.
 * Host key: resource `host.id`, else `host.ip` (first element if an array), else `host.name`, else `ip`.
 */
import { formatGoDuration } from '../../config/index.js';
import { anyValueToString, findAttribute, type Resource, type Span, type Trace } from '../../model/index.js';
import { addWarning, type SpanWarnings } from './span-warnings.js';

interface SkewNode {
  span: Span;
  hostKey: string;
  children: SkewNode[];
}

interface Frame {
  node: SkewNode;
  parent: SkewNode | undefined;
  /** Delta and host key the node inherits from its parent. */
  delta: bigint;
  hostKey: string;
}

export function correctClockSkew(trace: Trace, warnings: SpanWarnings, maxDeltaNs: bigint): void {
  const nodes = new Map<string, SkewNode>();
  for (const rs of trace.resourceSpans) {
    const hostKey = hostKeyOf(rs.resource);
    for (const ss of rs.scopeSpans) {
      for (const span of ss.spans) {
        if (nodes.has(span.spanId)) addWarning(warnings, span, 'duplicate span IDs; skipping clock skew adjustment');
        else nodes.set(span.spanId, { span, hostKey, children: [] });
      }
    }
  }
  const roots: SkewNode[] = [];
  for (const node of nodes.values()) {
    const parentId = node.span.parentSpanId;
    const parent = parentId === '' ? undefined : nodes.get(parentId);
    if (parent !== undefined) {
      parent.children.push(node);
      continue;
    }
    if (parentId !== '') {
      addWarning(warnings, node.span, `parent span ID=${parentId} is not in the trace; skipping clock skew adjustment`);
    }
    roots.push(node);
  }
  // Iterative depth-first walk: traces can be deeper than the call stack.
  const stack: Frame[] = [];
  for (const root of roots) stack.push({ node: root, parent: undefined, delta: 0n, hostKey: root.hostKey });
  while (stack.length > 0) {
    const { node, parent, delta: inherited, hostKey } = stack.pop()!;
    let delta = inherited;
    let skewHost = hostKey;
    if (parent !== undefined && (node.hostKey !== hostKey || node.hostKey === '')) {
      delta = skewAgainstParent(node.span, parent.span);
      skewHost = node.hostKey;
    }
    applyDelta(node.span, delta, maxDeltaNs, warnings);
    for (let i = node.children.length - 1; i >= 0; i--) {
      stack.push({ node: node.children[i]!, parent: node, delta, hostKey: skewHost });
    }
  }
}

function skewAgainstParent(child: Span, parent: Span): bigint {
  const parentDuration = parent.endTimeUnixNano - parent.startTimeUnixNano;
  const childDuration = child.endTimeUnixNano - child.startTimeUnixNano;
  if (childDuration > parentDuration) {
    // Async child, or the parent timed out first: only keep the child from starting before its parent.
    return child.startTimeUnixNano < parent.startTimeUnixNano ? parent.startTimeUnixNano - child.startTimeUnixNano : 0n;
  }
  if (child.startTimeUnixNano >= parent.startTimeUnixNano && child.endTimeUnixNano <= parent.endTimeUnixNano) return 0n;
  const latency = (parentDuration - childDuration) / 2n;
  return parent.startTimeUnixNano + latency - child.startTimeUnixNano;
}

function applyDelta(span: Span, delta: bigint, maxDeltaNs: bigint, warnings: SpanWarnings): void {
  if (delta === 0n) return;
  const magnitude = delta < 0n ? -delta : delta;
  if (magnitude > maxDeltaNs) {
    addWarning(
      warnings,
      span,
      maxDeltaNs === 0n
        ? `clock skew adjustment disabled; not applying calculated delta of ${formatGoDuration(delta)}`
        : `max clock skew adjustment delta of ${formatGoDuration(maxDeltaNs)} exceeded; not applying calculated delta of ${formatGoDuration(delta)}`,
    );
    return;
  }
  span.startTimeUnixNano += delta;
  span.endTimeUnixNano += delta;
  for (const event of span.events) event.timeUnixNano += delta;
  addWarning(warnings, span, `This span's timestamps were adjusted by ${formatGoDuration(delta)}`);
}

export function hostKeyOf(resource: Resource): string {
  const attrs = resource.attributes;
  const hostId = findAttribute(attrs, 'host.id');
  if (hostId !== undefined) return hostId.type === 'string' ? hostId.value : '';
  const hostIp = findAttribute(attrs, 'host.ip');
  if (hostIp !== undefined) {
    if (hostIp.type === 'string') return hostIp.value;
    if (hostIp.type === 'array' && hostIp.value.length > 0) return anyValueToString(hostIp.value[0]!);
  }
  const hostName = findAttribute(attrs, 'host.name');
  if (hostName !== undefined) return hostName.type === 'string' ? hostName.value : '';
  const ip = findAttribute(attrs, 'ip');
  return ip === undefined ? '' : anyValueToString(ip);
}
