/**
 * The storage conformance suite every backend runs. A backend's test file calls `runStorageConformance` with a
 * function that opens a fresh, empty backend; each case opens its own and closes it, except the Jaeger fixture
 * group, which shares one backend for its 25 cases. Opting out of a case takes a written reason (`options.skip`).
 */
import { describe } from 'node:test';
import { registerAttributeCases } from './cases-attributes.js';
import { registerDependencyCases } from './cases-dependencies.js';
import { registerJaegerQueryCases } from './cases-jaeger-queries.js';
import { registerReadCases } from './cases-read.js';
import { registerSearchCases } from './cases-search.js';
import { registerVolumeCases } from './cases-volume.js';
import type { ConformanceOptions, OpenBackend, SuiteContext } from './conformance-case.js';

export function runStorageConformance(name: string, open: OpenBackend, options: ConformanceOptions = {}): void {
  const ctx: SuiteContext = { open, options };
  describe(`storage conformance: ${name}`, () => {
    registerReadCases(ctx);
    registerVolumeCases(ctx);
    registerSearchCases(ctx);
    registerAttributeCases(ctx);
    registerDependencyCases(ctx);
    registerJaegerQueryCases(ctx);
  });
}
