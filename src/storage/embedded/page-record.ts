/**
 * A page as a log record: framing, compression and the way back. Compression runs on libuv's thread pool
 * (`compressPage`), off the event loop; decompression of one page (tens of KB) is quick enough to do inline.
 */
import { brotliCompress, brotliCompressSync, brotliDecompressSync, constants, crc32, deflateRaw, deflateRawSync, inflateRawSync } from 'node:zlib';
import { StorageError } from '../api/index.js';
import { ByteReader } from './byte-reader.js';
import { ByteWriter } from './byte-writer.js';
import { splitPagePayload } from './log-records.js';
import type { EncodedPage } from './page-builder.js';
import { Codec, readPageMeta, writePageMeta, type PageMeta } from './page-format.js';
import { RECORD_HEADER_BYTES, recordHeader, RecordKind } from './record-log.js';

export function compressPage(body: Buffer, codec: Codec): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const done = (err: Error | null, out: Buffer): void => (err ? reject(err) : resolve(out));
    if (codec === Codec.DEFLATE) deflateRaw(body, { level: 1 }, done);
    else if (codec === Codec.BROTLI) brotliCompress(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 1, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }, done);
    else resolve(body);
  });
}

/** `compressPage` on the calling thread (the compression worker's). */
export function compressPageSync(body: Buffer, codec: Codec): Buffer {
  if (codec === Codec.DEFLATE) return deflateRawSync(body, { level: 1 });
  if (codec === Codec.BROTLI) return brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 1, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } });
  return body;
}

/** The buffers of a PAGE record (header, meta length and meta, compressed body) for `page` compressed as `body`. */
export function pageRecord(page: EncodedPage, codec: Codec, body: Buffer): Buffer[] {
  const w = new ByteWriter(4096);
  w.u32(0);
  writePageMeta(w, { ...page.meta, codec }, true);
  w.patchU32(0, w.pos - 4);
  const meta = w.toBuffer();
  return [recordHeader(RecordKind.PAGE, [meta, body]), meta, body];
}

export interface OpenedPage {
  meta: PageMeta;
  body: Buffer;
}

/** Checks and opens a PAGE record read from the log (header included). Throws a StorageError when it is corrupt. */
export function openPageRecord(record: Buffer): OpenedPage {
  const payload = record.subarray(RECORD_HEADER_BYTES);
  const expected = record.readUInt32LE(4);
  if (record[8] !== RecordKind.PAGE || (crc32(payload, crc32(Buffer.of(RecordKind.PAGE))) >>> 0) !== expected) {
    throw new StorageError('segment_corrupt', 'a stored page failed its checksum; the segment file is damaged', { retryable: false });
  }
  const { metaStart, metaEnd, bodyStart } = splitPagePayload(payload, 0, payload.length);
  const meta = readPageMeta(new ByteReader(payload, metaStart, metaEnd), true);
  const compressed = payload.subarray(bodyStart);
  let body: Buffer;
  if (meta.codec === Codec.DEFLATE) body = inflateRawSync(compressed);
  else if (meta.codec === Codec.BROTLI) body = brotliDecompressSync(compressed);
  else body = compressed;
  return { meta, body };
}
