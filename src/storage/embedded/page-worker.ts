/**
 * Worker thread entry: compresses page bodies, or encodes a batch into pages and compresses them (page-workers.ts).
 * A batch is encoded by the native encoder when it is enabled and loads (native-pages.ts) and accepts the batch,
 * else decoded from its bytes and encoded by the page builder: the same pages either way.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { StorageError } from '../api/index.js';
import { batchOfTask } from './encode-task.js';
import { PageBuilder, type EncodedPage } from './page-builder.js';
import { loadNativePages } from './native-pages.js';
import { packBodies, unpackBodies, type PageWorkerData, type PageWorkerReply, type PageWorkerRequest } from './page-workers.js';
import { compressPageSync } from './page-record.js';

const builder = new PageBuilder(undefined);
const native = (workerData as PageWorkerData | undefined)?.nativePages ? loadNativePages() : undefined;

function handle(request: PageWorkerRequest): PageWorkerReply {
  if (request.kind === 'compress') {
    const packed = packBodies(unpackBodies(request.packed).map((b) => compressPageSync(b, request.codec)));
    return { id: request.id, ok: true, packed };
  }
  let pages: EncodedPage[] | undefined = native?.encode(request.task);
  const byNative = pages !== undefined;
  if (pages === undefined) {
    let batch;
    try {
      batch = batchOfTask(request.task);
    } catch (err) {
      // The bytes decoded on the event loop; failing here means they changed or the task is wrong: retrying won't help.
      return { id: request.id, ok: false, error: (err as Error).message, retryable: false };
    }
    pages = builder.encode(batch, new Set(), request.task.opIds);
  }
  const packed = packBodies(pages.map((p) => compressPageSync(p.body, request.codec)));
  return { id: request.id, ok: true, packed, metas: pages.map((p) => p.meta), native: byNative };
}

parentPort?.on('message', (request: PageWorkerRequest) => {
  let reply: PageWorkerReply;
  try {
    reply = handle(request);
  } catch (err) {
    // Another try may succeed (e.g. a thread short of memory), unless the error says it would not.
    const retryable = !(err instanceof StorageError) || err.retryable;
    reply = { id: request.id, ok: false, error: (err as Error).message, retryable };
  }
  parentPort!.postMessage(reply, reply.ok ? [reply.packed.data.buffer as ArrayBuffer] : []);
});
