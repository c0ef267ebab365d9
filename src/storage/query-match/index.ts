/** Jaeger search semantics on one span, shared by every storage backend that filters spans itself. */
export type { CompiledAttributeFilter } from './attribute-filter.js';
export {
  attributeFilterMatches,
  attributeFiltersMatch,
  compileAttributeFilter,
  compileAttributeFilters,
  hasAttribute,
  SpecialKey,
} from './attribute-filter.js';
export type { CompiledSpanQuery } from './span-query.js';
export { compileSpanQuery, isWithinBounds, spanMatchesCompiledQuery, spanMatchesQuery } from './span-query.js';
