/** Worker thread entry: compresses page bodies, or encodes a batch into pages and compresses them (page-workers.ts). */
import { parentPort } from 'node:worker_threads';
import { StorageError } from '../api/index.js';
import { batchOfTask } from './encode-task.js';
import { PageBuilder } from './page-builder.js';
import { packBodies, unpackBodies, type PageWorkerReply, type PageWorkerRequest } from './page-workers.js';
import { compressPageSync } from './page-record.js';

const builder = new PageBuilder(undefined);

function handle(request: PageWorkerRequest): PageWorkerReply {
  if (request.kind === 'compress') {
    const packed = packBodies(unpackBodies(request.packed).map((b) => compressPageSync(b, request.codec)));
    return { id: request.id, ok: true, packed };
  }
  let batch;
  try {
    batch = batchOfTask(request.task);
  } catch (err) {
    // The bytes decoded on the event loop; failing here means they changed or the task is wrong: retrying won't help.
    return { id: request.id, ok: false, error: (err as Error).message, retryable: false };
  }
  const pages = builder.encode(batch, new Set(), request.task.opIds);
  const packed = packBodies(pages.map((p) => compressPageSync(p.body, request.codec)));
  return { id: request.id, ok: true, packed, metas: pages.map((p) => p.meta) };
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
