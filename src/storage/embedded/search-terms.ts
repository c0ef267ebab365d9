/**
 * Which bloom-filter terms can prove that a page holds no span matching an attribute filter. Writers add a term per
 * attribute (key and string form of the value, wherever the attribute sits) plus `span.kind`, `span.status`,
 * `error=true` (ERROR status), `scope.name` and `scope.version` terms; a filter lists the terms any matching span must
 * have added, and a page whose bloom filter has none of them is skipped. An empty list means the filter cannot prune
 * (for example `error=false`, which most spans match without any term).
 */
import { SpecialKey, type CompiledAttributeFilter } from '../query-match/index.js';
import { hashTerm } from './term-hash.js';

export function filterTerms(f: CompiledAttributeFilter): number[] {
  const asAttribute = hashTerm(f.key, f.value);
  switch (f.special) {
    case SpecialKey.NONE:
      return [asAttribute];
    case SpecialKey.RESOURCE:
      return [hashTerm(f.resourceKey, f.value)];
    case SpecialKey.ERROR:
      return f.normalized === 'true' ? [hashTerm('error', 'true'), asAttribute] : [];
    case SpecialKey.SPAN_KIND:
      return [hashTerm('span.kind', f.normalized), asAttribute];
    case SpecialKey.SPAN_STATUS:
      return [hashTerm('span.status', f.normalized), asAttribute];
    case SpecialKey.SCOPE_NAME:
      return [hashTerm('scope.name', f.value), asAttribute];
    case SpecialKey.SCOPE_VERSION:
      return [hashTerm('scope.version', f.value), asAttribute];
  }
}
