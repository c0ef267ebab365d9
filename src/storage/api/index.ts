export type {
  AttributeFilter,
  DependencyLink,
  DependencyReader,
  FoundTraceId,
  GetTraceParams,
  Operation,
  OperationQuery,
  PreparedWriter,
  StorageBackend,
  StorageCapabilities,
  TraceQuery,
  TraceReader,
  TraceWriter,
} from './trace-store.js';
export type { SpanKindName } from './span-kind-name.js';
export { parseSpanKindName, spanKindFromName, spanKindName } from './span-kind-name.js';
export { StorageError } from './errors.js';
