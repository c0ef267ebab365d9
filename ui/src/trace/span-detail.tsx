/**
 * Span detail side panel: name, service, duration, start, self and critical time; attributes, resource, events with
 * offsets from the span start, links (to spans in this trace or to other traces), status, warnings, the span id and a
 * copyable deep link (`?uiFind=<spanID>`, as the Jaeger UI).
 */
import { useState } from 'react';
import { appPath } from '../app/config.js';
import { Link } from '../app/router.js';
import { KeyValueTable } from '../components/key-value-table.js';
import { formatDuration, formatTimestamp } from '../lib/format.js';
import { valueToText } from '../lib/jaeger-types.js';
import { serviceColor } from '../lib/service-colors.js';
import type { Trace } from '../lib/trace-model.js';

interface Props {
  trace: Trace;
  index: number;
  selfTimeUs: number;
  criticalUs: number;
  onClose: () => void;
  onJump: (index: number) => void;
  /** The spans' details are still arriving. */
  detailsLoading?: boolean;
}

export function SpanDetail({ trace, index, selfTimeUs, criticalUs, onClose, onJump, detailsLoading = false }: Props) {
  const span = trace.spans[index]!;
  const [copied, setCopied] = useState(false);
  const deepLink = `${window.location.origin}${appPath(`/trace/${trace.traceId}`)}?uiFind=${span.spanId}`;
  const status = span.tags.find((t) => t.key === 'otel.status_code');
  const statusMessage = span.tags.find((t) => t.key === 'otel.status_description');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(deepLink);
      setCopied(true);
    } catch {
      window.prompt('Copy this link', deepLink);
    }
  };
  const parent = span.parent >= 0 ? trace.spans[span.parent] : undefined;
  return (
    <aside className="detail" data-testid="span-detail" aria-label="Span detail">
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
        <h2>{span.name}</h2>
        <button onClick={onClose} aria-label="Close span detail">✕</button>
      </div>
      <div className="detail-meta">
        <span><span className="swatch" style={{ background: serviceColor(span.service) }} /> <b>{span.service}</b></span>
        <span>Duration <b>{formatDuration(span.durationUs)}</b></span>
        <span>Start <b>+{formatDuration(span.relStartUs)}</b></span>
        <span>Self time <b>{formatDuration(selfTimeUs)}</b></span>
        {criticalUs > 0 && <span>On critical path <b>{formatDuration(criticalUs)}</b></span>}
        {span.kind !== '' && <span>Kind <b>{span.kind}</b></span>}
      </div>
      <div className="detail-meta" style={{ marginTop: 4 }}>
        <span>{formatTimestamp(span.startUs, false)}</span>
        <span>Span ID <b className="mono" data-testid="span-id">{span.spanId}</b></span>
        {parent !== undefined && <span>Parent <a href="#" onClick={(e) => { e.preventDefault(); onJump(parent.index); }}>{parent.name}</a></span>}
        <button className="small" onClick={() => void copy()} data-testid="copy-link">{copied ? 'Copied' : 'Copy deep link'}</button>
      </div>
      {(status !== undefined || span.hasError) && (
        <div className={`notice ${span.hasError ? 'error' : ''}`} style={{ padding: '6px 10px' }}>
          Status: <b>{status === undefined ? 'ERROR' : valueToText(status.value)}</b>
          {statusMessage !== undefined && <> — {valueToText(statusMessage.value)}</>}
        </div>
      )}
      {span.warnings.length > 0 && (
        <div className="notice warning">
          <b>Warnings</b>
          <ul>{span.warnings.map((w, i) => <li key={i}>{w}</li>)}</ul>
        </div>
      )}
      {detailsLoading && <div className="loading" role="status">Loading attributes, events and links…</div>}
      <h3>Attributes ({span.tags.length})</h3>
      <KeyValueTable items={span.tags} testId="span-attributes" />
      <h3>Resource ({span.resource.length})</h3>
      <KeyValueTable items={span.resource} />
      <h3>Events ({span.events.length})</h3>
      {span.events.length === 0 && <div className="muted">None</div>}
      {span.events.map((ev, i) => (
        <div key={i} className="event">
          <div className="event-head">
            <b>{ev.name || '(unnamed)'}</b> <span className="muted">+{formatDuration(ev.timeUs - span.startUs)} from span start</span>
          </div>
          <KeyValueTable items={ev.fields.filter((f) => f.key !== 'event')} />
        </div>
      ))}
      <h3>Links ({span.links.length})</h3>
      {span.links.length === 0 && <div className="muted">None</div>}
      <ul>
        {span.links.map((l, i) => (
          <li key={i}>
            {l.refType}:{' '}
            {l.targetIndex >= 0 ? (
              <a href="#" onClick={(e) => { e.preventDefault(); onJump(l.targetIndex); }}>
                {trace.spans[l.targetIndex]!.service}: {trace.spans[l.targetIndex]!.name}
              </a>
            ) : (
              <Link to={`/trace/${l.traceId}?uiFind=${l.spanId}`}>trace {l.traceId.slice(0, 12)}… span {l.spanId}</Link>
            )}
          </li>
        ))}
      </ul>
    </aside>
  );
}
