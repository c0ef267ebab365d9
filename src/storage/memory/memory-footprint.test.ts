import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { FootprintResult } from './measure-footprint.js';

const MAX_BYTES_PER_SPAN = 800;

for (const form of ['received', 'model'] as const) {
  test(`the memory store holds a realistic span in at most ${MAX_BYTES_PER_SPAN} bytes (${form} form)`, async (t) => {
    // A child process with --expose-gc: readings after a full collection, and nothing else of the test run in the heap.
    const script = `const m = await import(${JSON.stringify(new URL('./measure-footprint.js', import.meta.url).href)});
  process.stdout.write(JSON.stringify(await m.measureMemoryFootprint(100_000, '${form}')));`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], {
      timeout: 60_000,
    });
    const result = JSON.parse(stdout) as FootprintResult;
    t.diagnostic(
      `${result.spans} spans: ${result.heapBytesPerSpan} B/span heap+external, ${result.rssBytesPerSpan} B/span RSS (gc: ${result.gcAvailable})`,
    );
    assert.equal(result.gcAvailable, true);
    assert.ok(result.heapBytesPerSpan <= MAX_BYTES_PER_SPAN, `${result.heapBytesPerSpan} B/span heap+external`);
    assert.ok(result.rssBytesPerSpan <= MAX_BYTES_PER_SPAN, `${result.rssBytesPerSpan} B/span RSS`);
  });
}
