export type {
  SpanWarningLookup,
  UiKeyValue,
  UiLog,
  UiProcess,
  UiReference,
  UiSpan,
  UiTrace,
  UiValueType,
} from './ui-model.js';
export { toUiKeyValue } from './key-values.js';
export { nanosToMicros, spanToUi } from './span-to-ui.js';
export { resourceToUiProcess, traceToUi } from './trace-to-ui.js';
