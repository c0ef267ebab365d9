export { createQueryApp } from './create-query-app.js';
export type { QueryAppOptions } from './create-query-app.js';
export { createTraceAdjuster } from './adjusters/index.js';
export type { AdjustedTrace, TraceAdjuster } from './adjusters/index.js';
export { summarizeTrace } from './trace-summary.js';
export type { ServiceSummary, TraceSummary } from './trace-summary.js';
export { defaultUiDistDir, registerUiAssets } from './ui-assets.js';
export type { UiAssetsOptions } from './ui-assets.js';
