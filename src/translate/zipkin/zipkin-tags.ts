/**
 * Zipkin tags → span fields, following the OpenTelemetry Collector's Zipkin receiver (what Jaeger v2 runs) plus
 * Jaeger v1's error-tag sanitizer:
 * - status: `otel.status_code` (OK | ERROR | UNSET, any case, optional `STATUS_CODE_` prefix) with
 *   `otel.status_description`; then an `error` tag other than "false" sets ERROR, and its value becomes the message
 *   when no description was given and the value is not "true" or empty (Zipkin instrumentation puts the error
 *   message there). `error=false` stays an attribute;
 * - `w3c.tracestate` → trace state; `otel.scope.name|version` (or `otel.library.*`) → scope;
 * - `span.kind=internal` → INTERNAL when the span has no Zipkin kind;
 * - `otlp.link.<n>` → links;
 * - resource attributes that exporters copy into tags (`service.*`, `telemetry.*`, `host.*`, `os.*`, `process.*`,
 *   `container.*`, `k8s.*`, `cloud.*`, `deployment.*`, `device.*`, `webengine.*`) → resource;
 * - everything else → string attributes, in the order sent.
 */
import { SpanKind, StatusCode, stringValue, type KeyValue, type Span, type StatusCode as StatusCodeT } from '../../model/index.js';
import { NO_SCOPE, type ScopeNameVersion } from '../jaeger-thrift/index.js';
import { tagText } from './json-attributes.js';
import { isLinkTag, parseLinkTag } from './zipkin-links.js';

const RESOURCE_PREFIXES = ['service.', 'telemetry.', 'host.', 'os.', 'process.', 'container.', 'k8s.', 'cloud.', 'deployment.', 'device.', 'webengine.'];

/** Whether a tag describes the process rather than the span (exporters copy resource attributes into tags). */
export function isResourceTag(key: string): boolean {
  for (const prefix of RESOURCE_PREFIXES) if (key.startsWith(prefix)) return true;
  return false;
}

/**
 * Applies `tags` to `span` (status, trace state, kind fallback, links, attributes) and appends resource tags other
 * than `service.name` to `resource`. Returns the span's scope.
 */
export function applyZipkinTags(tags: Record<string, unknown> | undefined, span: Span, resource: KeyValue[]): ScopeNameVersion {
  if (tags === undefined) return NO_SCOPE;
  let statusCode: string | undefined;
  let statusDescription: string | undefined;
  let error: string | undefined;
  let scopeName: string | undefined;
  let scopeVersion: string | undefined;
  let libraryName: string | undefined;
  let libraryVersion: string | undefined;
  for (const key in tags) {
    const value = tagText(tags[key]);
    switch (key) {
      case 'otel.status_code':
        statusCode = value;
        continue;
      case 'otel.status_description':
        statusDescription = value;
        continue;
      case 'error':
        error = value;
        continue;
      case 'w3c.tracestate':
        span.traceState = value;
        continue;
      case 'otel.scope.name':
        scopeName = value;
        continue;
      case 'otel.scope.version':
        scopeVersion = value;
        continue;
      case 'otel.library.name':
        libraryName = value;
        continue;
      case 'otel.library.version':
        libraryVersion = value;
        continue;
      case 'service.name':
        continue;
      case 'span.kind':
        if (span.kind === SpanKind.UNSPECIFIED) {
          if (value === 'internal') span.kind = SpanKind.INTERNAL;
          continue;
        }
        break;
    }
    if (isResourceTag(key)) {
      resource.push({ key, value: stringValue(value) });
      continue;
    }
    if (isLinkTag(key)) {
      const link = parseLinkTag(value);
      if (link !== undefined) {
        span.links.push(link);
        continue;
      }
    }
    span.attributes.push({ key, value: stringValue(value) });
  }
  applyStatus(span, statusCode, statusDescription, error);
  if (scopeName !== undefined) return { name: scopeName, version: scopeVersion ?? '' };
  if (libraryName !== undefined) return { name: libraryName, version: libraryVersion ?? '' };
  return NO_SCOPE;
}

function applyStatus(span: Span, statusCode: string | undefined, description: string | undefined, error: string | undefined): void {
  let code: StatusCodeT = StatusCode.UNSET;
  let message = '';
  if (statusCode !== undefined) {
    code = parseStatusCode(statusCode);
    message = description ?? '';
  } else if (description !== undefined) {
    span.attributes.push({ key: 'otel.status_description', value: stringValue(description) });
  }
  if (error !== undefined) {
    const lower = error.toLowerCase();
    if (lower === 'false') {
      span.attributes.push({ key: 'error', value: stringValue(error) });
    } else {
      code = StatusCode.ERROR;
      if (message === '' && lower !== 'true') message = error;
    }
  }
  if (code !== StatusCode.UNSET || message !== '') span.status = { code, message };
}

function parseStatusCode(text: string): StatusCodeT {
  const upper = text.toUpperCase();
  const name = upper.startsWith('STATUS_CODE_') ? upper.slice(12) : upper;
  if (name === 'OK') return StatusCode.OK;
  if (name === 'ERROR') return StatusCode.ERROR;
  return StatusCode.UNSET;
}
