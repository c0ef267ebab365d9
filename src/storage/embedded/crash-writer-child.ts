/**
 * Child process for the crash test: opens the embedded store in the directory given as argv[2] and writes batches of
 * test traces (100 per batch, two writers) until killed, printing `ack <first> <count>` once a write is acknowledged.
 */
import { createEmbeddedStore } from './embedded-store.js';
import { testTraces } from './test-traces.js';

const store = await createEmbeddedStore({ dataDir: process.argv[2]!, fsyncIntervalMs: 5, segmentMaxBytes: 256 * 1024 });
let next = 0;
const writer = async (): Promise<void> => {
  for (;;) {
    const first = next;
    next += 100;
    await store.writer.writeTraces(testTraces(first, 100));
    process.stdout.write(`ack ${first} 100\n`);
  }
};
await Promise.all([writer(), writer()]);
