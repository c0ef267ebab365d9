/**
 * `node dist/bench/store-candidates.js [--spans N] [--only a,b]`: the engine comparison behind docs/adr/0001. Each
 * candidate stores the same realistic spans (bench/otlp-payload.ts: 8 spans per trace, 10 attributes and an event per
 * span) in batches of 8192 from two concurrent writers, the way the pipeline calls `writeTraces`, durably (each write
 * acknowledged after an fsync covering it). Then it fetches 2,000 random traces by id.
 *
 * Candidates:
 * - `segments-deflate`, `segments-brotli`, `segments-none`: the embedded store (src/storage/embedded) with each page
 *   codec: append-only segment logs, per-trace index.
 * - `lmdb-pages`: the same compressed pages as values in LMDB (lmdb-js), with one index key per trace chunk
 *   (trace id ‖ page number); one transaction per batch, acknowledged once flushed to disk.
 * - `lmdb-rows`: one LMDB row per span (trace id ‖ span id → encoded span) plus a (service, start) index row per
 *   span, i.e. the per-span indexing that perf.md B6 measured at 75-80k rows/s.
 *
 * Reported: durable spans/s (wall clock), CPU µs per span (all threads), bytes on disk per span, trace-by-id p50/p99,
 * peak RSS. Run with `nice -n 10` on a shared machine; CPU figures are steadier than wall-clock ones there.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serviceNameOf, type Span, type TraceBatch } from '../src/model/index.js';
import type { StorageBackend } from '../src/storage/api/index.js';
import { createEmbeddedStore } from '../src/storage/embedded/index.js';
import { OperationCatalog } from '../src/storage/embedded/operation-catalog.js';
import { PageBuilder } from '../src/storage/embedded/page-builder.js';
import { Codec } from '../src/storage/embedded/page-format.js';
import { compressPage } from '../src/storage/embedded/page-record.js';
import { openPageBody, readChunk } from '../src/storage/embedded/page-reader.js';
import { createRealisticOtlpRequest } from './otlp-payload.js';
import { inflateRawSync } from 'node:zlib';

const BATCH = 8192;
const WRITERS = 2;
const LOOKUPS = 2000;

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

/** What a candidate must do: durable batch writes and whole-trace reads by id. */
interface Candidate {
  write(batch: TraceBatch): Promise<void>;
  /** Number of spans of the trace found. */
  lookup(traceId: string): Promise<number>;
  close(): Promise<void>;
}

/** Batches reused round-robin with fresh trace ids stamped in before each write. */
class BatchSource {
  private readonly batches: TraceBatch[] = [];
  private counter = 0;
  readonly sampledIds: string[] = [];

  constructor(count: number) {
    for (let i = 0; i < count; i++) this.batches.push(createRealisticOtlpRequest(BATCH, i + 1));
  }

  /** Batch `slot` with new trace ids; the caller must be done with its previous use. */
  next(slot: number): TraceBatch {
    const batch = this.batches[slot % this.batches.length]!;
    const spans = batch.resourceSpans[0]!.scopeSpans[0]!.spans;
    const stamp = (this.counter++).toString(16).padStart(8, '0');
    let last = '';
    let fresh = '';
    for (const s of spans) {
      if (s.traceId !== last) {
        last = s.traceId;
        fresh = stamp + s.traceId.slice(8);
        if (Math.random() < 0.01 && this.sampledIds.length < 50_000) this.sampledIds.push(fresh);
      }
      s.traceId = fresh;
    }
    return batch;
  }
}

function dirBytes(dir: string): number {
  let n = 0;
  for (const f of readdirSync(dir, { recursive: true }) as string[]) {
    const st = statSync(join(dir, f));
    if (st.isFile()) n += st.size;
  }
  return n;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;
}

function embeddedCandidate(codec: 'deflate' | 'brotli' | 'none'): (dir: string) => Promise<Candidate> {
  return async (dir) => {
    const store: StorageBackend = await createEmbeddedStore({ dataDir: dir, codec });
    return {
      write: (b) => store.writer.writeTraces(b),
      async lookup(traceId) {
        let n = 0;
        for await (const t of store.reader.getTraces([{ traceId }])) {
          for (const rs of t.resourceSpans) for (const ss of rs.scopeSpans) n += ss.spans.length;
        }
        return n;
      },
      close: () => store.close(),
    };
  };
}

/**
 * The subset of lmdb-js this comparison uses. lmdb is not a dependency of the project (its lock entries for other
 * platforms' optional binaries break `npm ci` here); install it for a run with `npm i --no-save lmdb@3.5.6`.
 */
interface LmdbDb<K, V> {
  put(key: K, value: V): unknown;
  getBinary(key: K): Buffer | undefined;
  getRange(range: { start: K; end: K }): Iterable<{ key: K; value: V }>;
}
interface LmdbRoot {
  openDB<V, K>(options: { name: string; encoding: string; keyEncoding: string }): LmdbDb<K, V>;
  transaction(fn: () => void): Promise<unknown>;
  flushed: Promise<unknown>;
  close(): Promise<void>;
}

async function openLmdb(options: { path: string; compression: boolean }): Promise<LmdbRoot> {
  const name = 'lmdb';
  try {
    const mod = (await import(name)) as { open: (o: typeof options) => LmdbRoot };
    return mod.open(options);
  } catch {
    throw new Error('the lmdb candidates need lmdb-js: npm i --no-save lmdb@3.5.6');
  }
}

async function lmdbPagesCandidate(dir: string): Promise<Candidate> {
  const root = await openLmdb({ path: dir, compression: false });
  const pages = root.openDB<Buffer, number>({ name: 'pages', encoding: 'binary', keyEncoding: 'uint32' });
  const traces = root.openDB<Buffer, Buffer>({ name: 'traces', encoding: 'binary', keyEncoding: 'binary' });
  const catalog = new OperationCatalog();
  const builder = new PageBuilder(catalog);
  let nextPage = 0;
  const empty = Buffer.alloc(0);
  return {
    async write(batch) {
      const encoded = builder.encode(batch, new Set());
      const bodies = await Promise.all(encoded.map((p) => compressPage(p.body, Codec.DEFLATE)));
      await root.transaction(() => {
        encoded.forEach((p, i) => {
          const pageNo = nextPage++;
          const meta = p.meta;
          const value = Buffer.allocUnsafe(4 + meta.chunkTraceIds.length + meta.chunkSpanCounts.length * 8 + bodies[i]!.length);
          value.writeUInt32LE(meta.chunkSpanCounts.length, 0);
          meta.chunkTraceIds.copy(value, 4);
          let at = 4 + meta.chunkTraceIds.length;
          for (let c = 0; c < meta.chunkSpanCounts.length; c++) {
            value.writeUInt32LE(meta.chunkSpanCounts[c]!, at);
            value.writeUInt32LE(meta.chunkOffsets[c]!, at + 4);
            at += 8;
          }
          bodies[i]!.copy(value, at);
          pages.put(pageNo, value);
          for (let c = 0; c < meta.chunkSpanCounts.length; c++) {
            const key = Buffer.allocUnsafe(20);
            meta.chunkTraceIds.copy(key, 0, c * 16, c * 16 + 16);
            key.writeUInt32BE(pageNo, 16);
            traces.put(key, empty);
          }
        });
      });
      await root.flushed;
    },
    async lookup(traceId) {
      const id = Buffer.from(traceId, 'hex');
      const start = Buffer.concat([id, Buffer.alloc(4)]);
      const end = Buffer.concat([id, Buffer.alloc(4, 0xff)]);
      let n = 0;
      for (const { key } of traces.getRange({ start, end })) {
        const value = pages.getBinary(key.readUInt32BE(16))!;
        const chunks = value.readUInt32LE(0);
        const dirAt = 4 + chunks * 16;
        const page = openPageBody(inflateRawSync(value.subarray(dirAt + chunks * 8)));
        for (let c = 0; c < chunks; c++) {
          if (value.compare(id, 0, 16, 4 + c * 16, 20 + c * 16) !== 0) continue;
          const out: TraceBatch['resourceSpans'] = [];
          readChunk(page, value.readUInt32LE(dirAt + c * 8 + 4), value.readUInt32LE(dirAt + c * 8), traceId, catalog, out);
          for (const rs of out) for (const ss of rs.scopeSpans) n += ss.spans.length;
        }
      }
      return n;
    },
    close: () => root.close(),
  };
}

async function lmdbRowsCandidate(dir: string): Promise<Candidate> {
  const root = await openLmdb({ path: dir, compression: false });
  const spans = root.openDB<Buffer, Buffer>({ name: 'spans', encoding: 'binary', keyEncoding: 'binary' });
  const byService = root.openDB<Buffer, Buffer>({ name: 'by-service', encoding: 'binary', keyEncoding: 'binary' });
  const catalog = new OperationCatalog();
  const builder = new PageBuilder(catalog);
  return {
    async write(batch) {
      const service = serviceNameOf(batch.resourceSpans[0]!.resource);
      const all = batch.resourceSpans[0]!.scopeSpans[0]!.spans;
      // Encode each span on its own: a row per span, with its own (tiny) page encoding, uncompressed.
      const rows = all.map((s: Span) => builder.encode({ resourceSpans: [{ ...batch.resourceSpans[0]!, scopeSpans: [{ ...batch.resourceSpans[0]!.scopeSpans[0]!, spans: [s] }] }] }, new Set())[0]!.body);
      await root.transaction(() => {
        for (let i = 0; i < all.length; i++) {
          const s = all[i]!;
          const key = Buffer.from(s.traceId + s.spanId, 'hex');
          spans.put(key, rows[i]!);
          const ix = Buffer.alloc(service.length + 1 + 8 + 8);
          ix.write(service, 0);
          ix.writeBigUInt64BE(s.startTimeUnixNano, service.length + 1);
          ix.write(s.spanId, service.length + 9, 'hex');
          byService.put(ix, key.subarray(0, 16));
        }
      });
      await root.flushed;
    },
    async lookup(traceId) {
      const id = Buffer.from(traceId, 'hex');
      let n = 0;
      for (const { value } of spans.getRange({ start: Buffer.concat([id, Buffer.alloc(8)]), end: Buffer.concat([id, Buffer.alloc(8, 0xff)]) })) {
        openPageBody(value);
        n++;
      }
      return n;
    },
    close: () => root.close(),
  };
}

const CANDIDATES: Record<string, (dir: string) => Promise<Candidate>> = {
  'segments-deflate': embeddedCandidate('deflate'),
  'segments-brotli': embeddedCandidate('brotli'),
  'segments-none': embeddedCandidate('none'),
  'lmdb-pages': lmdbPagesCandidate,
  'lmdb-rows': lmdbRowsCandidate,
};

/** A few unmeasured writes and lookups on a scratch instance, so the JIT has compiled the candidate's code. */
async function warmUp(name: string, source: BatchSource): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), `ariadne-warmup-${name}-`));
  const candidate = await CANDIDATES[name]!(dir);
  for (let i = 0; i < 6; i++) await candidate.write(source.next(i));
  for (const id of source.sampledIds.slice(0, 200)) await candidate.lookup(id);
  source.sampledIds.length = 0;
  await candidate.close();
  rmSync(dir, { recursive: true, force: true });
}

async function run(name: string, total: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), `ariadne-candidate-${name}-`));
  const source = new BatchSource(WRITERS * 4);
  await warmUp(name, source);
  const candidate = await CANDIDATES[name]!(dir);
  let peakRss = process.memoryUsage().rss;
  const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  const batches = Math.ceil(total / BATCH);
  let issued = 0;
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, w) => {
      for (let k = 0; issued < batches; k++) {
        issued++;
        await candidate.write(source.next(w + WRITERS * (k % 4)));
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  const spans = batches * BATCH;
  const ids = source.sampledIds;
  const latencies: number[] = [];
  let found = 0;
  for (let i = 0; i < LOOKUPS && ids.length > 0; i++) {
    const id = ids[Math.floor(Math.random() * ids.length)]!;
    const l0 = process.hrtime.bigint();
    found += (await candidate.lookup(id)) > 0 ? 1 : 0;
    latencies.push(Number(process.hrtime.bigint() - l0) / 1e6);
  }
  clearInterval(rssTimer);
  await candidate.close();
  const bytes = dirBytes(dir);
  rmSync(dir, { recursive: true, force: true });
  latencies.sort((a, b) => a - b);
  console.log(
    `${name.padEnd(17)} ${Math.round(spans / seconds).toLocaleString('en-US').padStart(8)} spans/s  ` +
      `${(((cpu.user + cpu.system) / spans)).toFixed(2).padStart(6)} µs CPU/span  ${(bytes / spans).toFixed(1).padStart(6)} B/span  ` +
      `by id p50 ${percentile(latencies, 50).toFixed(2)} / p99 ${percentile(latencies, 99).toFixed(2)} ms (${found}/${latencies.length} found)  ` +
      `peak RSS ${Math.round(peakRss / 2 ** 20)} MiB`,
  );
}

const total = Number(flag('spans', '500000'));
const only = flag('only', Object.keys(CANDIDATES).join(',')).split(',');
console.log(`store-candidates: ${total.toLocaleString('en-US')} spans per candidate, batches of ${BATCH}, ${WRITERS} concurrent writers, durable writes`);
for (const name of only) {
  if (CANDIDATES[name] === undefined) throw new Error(`unknown candidate ${name}; known: ${Object.keys(CANDIDATES).join(', ')}`);
  await run(name, total);
}
