import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import type { TraceBatch } from '../../model/index.js';
import { decodeOtlpProtobuf, encodeOtlpProtobuf } from '../../translate/otlp/index.js';
import type { StorageBackend } from '../api/index.js';
import { runStorageConformance } from '../conformance/index.js';
import { createEmbeddedStore } from './index.js';

const root = mkdtempSync(join(tmpdir(), 'ariadne-embedded-conformance-'));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;

runStorageConformance('embedded', () => createEmbeddedStore({ dataDir: join(root, String(n++)), fsyncIntervalMs: 0, pageThreads: 1 }));

/**
 * The same store written as the collector writes what the OTLP receivers take: each batch as an OTLP/protobuf
 * request, taken as bytes and encoded into pages on the page threads, or decoded first when the store declines the
 * bytes, as the pipeline does (span-pipeline.ts).
 */
async function openAsReceived(): Promise<StorageBackend> {
  const store = await createEmbeddedStore({ dataDir: join(root, String(n++)), fsyncIntervalMs: 0, pageThreads: 2 });
  const prepared = store.writer.prepared!;
  const writeTraces = async (batch: TraceBatch): Promise<void> => {
    const request = encodeOtlpProtobuf(batch);
    const ready = prepared.prepareOtlpProtobuf!(request);
    if (ready !== undefined) return prepared.writePrepared(ready.prepare());
    const decoded = decodeOtlpProtobuf(request);
    if (!decoded.ok) throw new Error(decoded.error);
    return store.writer.writeTraces(decoded.batch);
  };
  return { ...store, writer: { ...store.writer, writeTraces } };
}

runStorageConformance('embedded, spans received as OTLP/protobuf bytes', openAsReceived);
