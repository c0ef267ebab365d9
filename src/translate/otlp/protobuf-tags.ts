/**
 * Tags of the OTLP trace messages this package reads: (field number << 3) | wire type, as they appear on the wire.
 * A field that arrives with another wire type does not match its tag and is skipped, as protobuf-go does.
 */

// Request and resource groups (ExportTraceServiceRequest, ResourceSpans, Resource, ScopeSpans, InstrumentationScope)
export const REQUEST_RESOURCE_SPANS = (1 << 3) | 2;
export const RS_RESOURCE = (1 << 3) | 2;
export const RS_SCOPE_SPANS = (2 << 3) | 2;
export const RS_SCHEMA_URL = (3 << 3) | 2;
export const RESOURCE_ATTRIBUTES = (1 << 3) | 2;
export const RESOURCE_DROPPED_ATTRIBUTES = (2 << 3) | 0;
export const SS_SCOPE = (1 << 3) | 2;
export const SS_SPANS = (2 << 3) | 2;
export const SS_SCHEMA_URL = (3 << 3) | 2;
export const SCOPE_NAME = (1 << 3) | 2;
export const SCOPE_VERSION = (2 << 3) | 2;
export const SCOPE_ATTRIBUTES = (3 << 3) | 2;
export const SCOPE_DROPPED_ATTRIBUTES = (4 << 3) | 0;

// Span
export const SPAN_TRACE_ID = (1 << 3) | 2;
export const SPAN_SPAN_ID = (2 << 3) | 2;
export const SPAN_TRACE_STATE = (3 << 3) | 2;
export const SPAN_PARENT_SPAN_ID = (4 << 3) | 2;
export const SPAN_NAME = (5 << 3) | 2;
export const SPAN_KIND = (6 << 3) | 0;
export const SPAN_START = (7 << 3) | 1;
export const SPAN_END = (8 << 3) | 1;
export const SPAN_ATTRIBUTES = (9 << 3) | 2;
export const SPAN_DROPPED_ATTRIBUTES = (10 << 3) | 0;
export const SPAN_EVENTS = (11 << 3) | 2;
export const SPAN_DROPPED_EVENTS = (12 << 3) | 0;
export const SPAN_LINKS = (13 << 3) | 2;
export const SPAN_DROPPED_LINKS = (14 << 3) | 0;
export const SPAN_STATUS = (15 << 3) | 2;
export const SPAN_FLAGS = (16 << 3) | 5;

// Span.Event
export const EVENT_TIME = (1 << 3) | 1;
export const EVENT_NAME = (2 << 3) | 2;
export const EVENT_ATTRIBUTES = (3 << 3) | 2;
export const EVENT_DROPPED_ATTRIBUTES = (4 << 3) | 0;

// Span.Link
export const LINK_TRACE_ID = (1 << 3) | 2;
export const LINK_SPAN_ID = (2 << 3) | 2;
export const LINK_TRACE_STATE = (3 << 3) | 2;
export const LINK_ATTRIBUTES = (4 << 3) | 2;
export const LINK_DROPPED_ATTRIBUTES = (5 << 3) | 0;
export const LINK_FLAGS = (6 << 3) | 5;

// Status
export const STATUS_MESSAGE = (2 << 3) | 2;
export const STATUS_CODE = (3 << 3) | 0;

// KeyValue, AnyValue, and the lists of ArrayValue and KeyValueList
export const KV_KEY = (1 << 3) | 2;
export const KV_VALUE = (2 << 3) | 2;
export const AV_STRING = (1 << 3) | 2;
export const AV_BOOL = (2 << 3) | 0;
export const AV_INT = (3 << 3) | 0;
export const AV_DOUBLE = (4 << 3) | 1;
export const AV_ARRAY = (5 << 3) | 2;
export const AV_KVLIST = (6 << 3) | 2;
export const AV_BYTES = (7 << 3) | 2;
export const LIST_VALUES = (1 << 3) | 2;
