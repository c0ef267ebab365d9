/** Service dependencies: parent → child edges between services, counted per call, within the time window. */
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { SpanKind, type Span, type TraceBatch } from '../../model/index.js';
import type { DependencyLink } from '../api/index.js';
import { storageCase, type SuiteContext } from './conformance-case.js';
import { makeBatch, makeSpan, nsMinutesAgo, spanIdOf, traceIdOf } from './trace-factory.js';

const TAG = 0xa5;

/**
 * frontend (server) → frontend (client) → api (server) → db (client ×3, each a call). Edges: frontend→api ×1 (the
 * same-service frontend server→client pair is not an edge), api→db ×3.
 */
function callTree(n: number, start: bigint): TraceBatch {
  const t = traceIdOf(TAG, n);
  const span = (i: number, parent: number, name: string, kind: SpanKind): Span =>
    makeSpan({ traceId: t, spanId: spanIdOf(i), parentSpanId: parent < 0 ? '' : spanIdOf(parent), name, kind, start: start + BigInt(i) * 1000n });
  return makeBatch([
    { service: 'frontend', spans: [span(0, -1, 'GET /', SpanKind.SERVER), span(1, 0, 'call api', SpanKind.CLIENT)] },
    { service: 'api', spans: [span(2, 1, 'handle', SpanKind.SERVER)] },
    { service: 'db', spans: [span(3, 2, 'select', SpanKind.CLIENT), span(4, 2, 'select', SpanKind.CLIENT), span(5, 2, 'update', SpanKind.CLIENT)] },
  ]);
}

function sortLinks(links: DependencyLink[]): DependencyLink[] {
  return [...links].sort((a, b) => (a.parent + '\u0000' + a.child < b.parent + '\u0000' + b.child ? -1 : 1));
}

export function registerDependencyCases(ctx: SuiteContext): void {
  describe('dependencies', () => {
    storageCase(ctx, 'dependencies count calls between services within the window', async (backend) => {
      await backend.writer.writeTraces(callTree(1, nsMinutesAgo(30)));
      // Outside the window: ten days old.
      await backend.writer.writeTraces(callTree(2, nsMinutesAgo(10 * 24 * 60)));
      // A child whose parent was never stored makes no edge.
      const orphan = makeSpan({ traceId: traceIdOf(TAG, 3), spanId: spanIdOf(0), parentSpanId: spanIdOf(77), name: 'orphan', start: nsMinutesAgo(20) });
      await backend.writer.writeTraces(makeBatch([{ service: 'lonely', spans: [orphan] }]));

      const links = await backend.dependencies.getDependencies({ startTimeUnixNano: nsMinutesAgo(60), endTimeUnixNano: nsMinutesAgo(0) });
      assert.deepEqual(sortLinks(links), [
        { parent: 'api', child: 'db', callCount: 3, source: 'jaeger' },
        { parent: 'frontend', child: 'api', callCount: 1, source: 'jaeger' },
      ]);
      const older = await backend.dependencies.getDependencies({
        startTimeUnixNano: nsMinutesAgo(11 * 24 * 60),
        endTimeUnixNano: nsMinutesAgo(0),
      });
      assert.deepEqual(sortLinks(older), [
        { parent: 'api', child: 'db', callCount: 6, source: 'jaeger' },
        { parent: 'frontend', child: 'api', callCount: 2, source: 'jaeger' },
      ]);
      const empty = await backend.dependencies.getDependencies({ startTimeUnixNano: nsMinutesAgo(5 * 24 * 60), endTimeUnixNano: nsMinutesAgo(4 * 24 * 60) });
      assert.deepEqual(empty, []);
    });
  });
}
