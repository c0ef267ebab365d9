/**
 * `npm run bench:pages`: micro-benchmark of what a page thread does with one 512-span OTLP/protobuf request
 * (bench/otlp-payload.ts): build its pages, then compress them (deflate level 1, as the store does).
 *
 * Two encoders, alternated in 250 ms windows within one process over 16 distinct payloads, so a shared machine's
 * drift falls on both alike: the JavaScript path (decode the spans from the bytes, `PageBuilder.encode`) and the
 * native encoder (native-pages.ts). Prints the median µs per span of each, with and without compression, and their
 * ratio. The pages are checked equal once before timing.
 * Usage: node dist/bench/pages.js [seconds=3]   (pin a core with `taskset -c 1`)
 */
import { cpus } from 'node:os';
import { batchOfTask, encodeTaskOfScan, type EncodeTask } from '../src/storage/embedded/encode-task.js';
import { loadNativePages, nativePagesError } from '../src/storage/embedded/native-pages.js';
import { OperationCatalog } from '../src/storage/embedded/operation-catalog.js';
import { PageBuilder, type EncodedPage } from '../src/storage/embedded/page-builder.js';
import { Codec } from '../src/storage/embedded/page-format.js';
import { compressPageSync } from '../src/storage/embedded/page-record.js';
import { encodeOtlpProtobuf, scanOtlpProtobuf } from '../src/translate/otlp/index.js';
import { createRealisticOtlpRequest } from './otlp-payload.js';

const seconds = Number(process.argv[2] ?? '3');
const PAYLOADS = 16;
const SPANS = 512;
const WINDOW_MS = 250;

const native = loadNativePages();
if (native === undefined) {
  console.error(`the native page encoder is not built (npm run build): ${nativePagesError}`);
  process.exit(1);
}

const catalog = new OperationCatalog();
const tasks: EncodeTask[] = [];
for (let i = 0; i < PAYLOADS; i++) {
  const request = Buffer.from(encodeOtlpProtobuf(createRealisticOtlpRequest(SPANS, i + 1)));
  tasks.push(encodeTaskOfScan(scanOtlpProtobuf(request)!, request, catalog));
}

const builder = new PageBuilder(undefined);
type Encode = (task: EncodeTask) => EncodedPage[];
const javascript: Encode = (task) => builder.encode(batchOfTask(task), new Set(), task.opIds);
const nativeEncode: Encode = (task) => native.encode(task)!;

for (const task of tasks) {
  const a = javascript(task);
  const b = nativeEncode(task);
  if (a.length !== b.length || a.some((p, i) => !p.body.equals(b[i]!.body))) throw new Error('the encoders disagree');
}

let next = 0;
/** µs per span over one window. */
function window(encode: Encode, compress: boolean): number {
  let spans = 0;
  const start = performance.now();
  let now = start;
  while (now - start < WINDOW_MS) {
    const pages = encode(tasks[next++ % PAYLOADS]!);
    if (compress) for (const p of pages) compressPageSync(p.body, Codec.DEFLATE);
    spans += SPANS;
    now = performance.now();
  }
  return ((now - start) * 1000) / spans;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const variants = [
  { name: 'JavaScript: decode + pages', encode: javascript, compress: false },
  { name: 'native: pages', encode: nativeEncode, compress: false },
  { name: 'JavaScript: decode + pages + deflate', encode: javascript, compress: true },
  { name: 'native: pages + deflate', encode: nativeEncode, compress: true },
];
for (let i = 0; i < 8; i++) window(variants[i % 4]!.encode, variants[i % 4]!.compress);
const samples: number[][] = variants.map(() => []);
const rounds = Math.max(1, Math.round((seconds * 1000) / WINDOW_MS / 2));
for (let r = 0; r < rounds; r++) variants.forEach((v, i) => samples[i]!.push(window(v.encode, v.compress)));

console.log(`bench:pages — ${SPANS}-span requests, ${PAYLOADS} payloads, ${rounds} windows of ${WINDOW_MS} ms each; ${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}`);
const med = samples.map(median);
variants.forEach((v, i) => console.log(`${v.name.padEnd(40)} ${med[i]!.toFixed(2).padStart(6)} µs/span`));
console.log(`native / JavaScript: ${(med[1]! / med[0]!).toFixed(2)} (pages), ${(med[3]! / med[2]!).toFixed(2)} (with deflate)`);
