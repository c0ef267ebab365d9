/**
 * Micro-benchmark of the memory store's `writeTraces`: CPU time per stored span.
 *
 * Builds `batches` realistic 512-span requests (bench/otlp-payload.ts, fresh trace ids per batch), each run through
 * the OTLP protobuf encoder and decoder so that strings are shared the way the server's decoder shares them. Each
 * round writes every batch into a fresh store (maxTraces large enough to evict nothing) and is timed with
 * `process.cpuUsage()` (the machine is shared; CPU time is steadier than wall time). Prints the median µs/span and
 * spans/s over the rounds. By default the batches keep the received bytes the decoder attaches, so spans are stored in
 * their received form (as OTLP/protobuf ingest does); `--model` drops them, so spans are encoded (as from other
 * receivers).
 * Usage: node dist/bench/memory-write.js [rounds=15] [batches=50] [--model]   (pin a core with `taskset -c 1`)
 */
import { detachSpanWire, type TraceBatch } from '../src/model/index.js';
import { createMemoryStore } from '../src/storage/memory/index.js';
import { decodeOtlpProtobuf, encodeOtlpProtobuf } from '../src/translate/otlp/index.js';
import { createRealisticOtlpRequest } from './otlp-payload.js';

const args = process.argv.slice(2).filter((a) => a !== '--model');
const modelForm = process.argv.includes('--model');
const rounds = Number(args[0] ?? '15');
const batchCount = Number(args[1] ?? '50');
const SPANS_PER_BATCH = 512;
const WARM_UP_ROUNDS = 3;

const batches: TraceBatch[] = [];
for (let i = 0; i < batchCount; i++) {
  const decoded = decodeOtlpProtobuf(Buffer.from(encodeOtlpProtobuf(createRealisticOtlpRequest(SPANS_PER_BATCH, i + 1))));
  if (!decoded.ok) throw new Error(decoded.error);
  if (modelForm) detachSpanWire(decoded.batch);
  batches.push(decoded.batch);
}
const spansPerRound = batchCount * SPANS_PER_BATCH;

async function round(): Promise<number> {
  const store = createMemoryStore({ maxTraces: spansPerRound });
  const before = process.cpuUsage();
  for (const batch of batches) await store.writer.writeTraces(batch);
  const used = process.cpuUsage(before);
  await store.close();
  return (used.user + used.system) / spansPerRound;
}

for (let i = 0; i < WARM_UP_ROUNDS; i++) await round();
const samples: number[] = [];
for (let i = 0; i < rounds; i++) samples.push(await round());
samples.sort((a, b) => a - b);
const median = samples[samples.length >> 1]!;
console.log(
  `memory writeTraces (${modelForm ? 'model' : 'received'} form): ${median.toFixed(3)} µs/span CPU (median of ${rounds}; min ${samples[0]!.toFixed(3)}), ` +
    `${Math.round(1e6 / median).toLocaleString('en-US')} spans/s per CPU-second`,
);
