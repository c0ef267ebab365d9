/**
 * Framing of a segment log: a sequence of records, each `u32 payload length · u32 CRC-32 of kind and payload ·
 * u8 kind · payload`. A record is valid only when whole and its checksum matches, so a write torn by a crash is
 * detected and cut off at recovery (`scanRecords`).
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { crc32 } from 'node:zlib';

export const RECORD_HEADER_BYTES = 9;
/** Largest payload accepted when reading: protects recovery from a corrupt length. */
export const MAX_RECORD_BYTES = 256 * 1024 * 1024;

export const RecordKind = {
  /** First record of every log: u32 format version · u64 creation time (ms). */
  HEADER: 1,
  /** Operations used by the log's pages (see operation-records.ts). */
  CATALOG: 2,
  /** One page (see page-format.ts): u32 meta length · meta · compressed body. */
  PAGE: 3,
  /** Service call edges (see dependency-records.ts). */
  DEPS: 4,
} as const;
export type RecordKind = (typeof RecordKind)[keyof typeof RecordKind];

export const LOG_FORMAT_VERSION = 1;

/** The header of a record whose payload is the concatenation of `parts`. */
export function recordHeader(kind: RecordKind, parts: readonly Uint8Array[]): Buffer {
  let length = 0;
  let crc = crc32(Buffer.of(kind));
  for (const p of parts) {
    length += p.length;
    crc = crc32(p, crc);
  }
  const h = Buffer.allocUnsafe(RECORD_HEADER_BYTES);
  h.writeUInt32LE(length, 0);
  h.writeUInt32LE(crc >>> 0, 4);
  h[8] = kind;
  return h;
}

export interface ScannedRecord {
  kind: number;
  /** Offset of the record's header in the log. */
  offset: number;
  /** Header plus payload. */
  length: number;
  payload: Buffer;
}

export interface ScanResult {
  /** Length of the valid prefix: everything after it is torn or corrupt. */
  validLength: number;
  fileLength: number;
}

/**
 * Reads every valid record of the log at `path` in order, stopping at the first incomplete or corrupt one. Reads in
 * large chunks; payloads handed to `visit` are only valid during the call.
 */
export function scanRecords(path: string, visit: (record: ScannedRecord) => void): ScanResult {
  const fd = openSync(path, 'r');
  try {
    const fileLength = fstatSync(fd).size;
    let buf = Buffer.allocUnsafe(4 * 1024 * 1024);
    let bufStart = 0;
    let bufLength = 0;
    let offset = 0;
    const fill = (need: number): boolean => {
      if (offset + need > fileLength) return false;
      if (offset >= bufStart && offset + need <= bufStart + bufLength) return true;
      if (need > buf.length) buf = Buffer.allocUnsafe(need);
      bufStart = offset;
      bufLength = readSync(fd, buf, 0, Math.min(buf.length, fileLength - offset), offset);
      return bufLength >= need;
    };
    while (fill(RECORD_HEADER_BYTES)) {
      const at = offset - bufStart;
      const length = buf.readUInt32LE(at);
      const crc = buf.readUInt32LE(at + 4);
      const kind = buf[at + 8]!;
      if (length > MAX_RECORD_BYTES || !fill(RECORD_HEADER_BYTES + length)) break;
      const start = offset - bufStart + RECORD_HEADER_BYTES;
      const payload = buf.subarray(start, start + length);
      if ((crc32(payload, crc32(Buffer.of(kind))) >>> 0) !== crc) break;
      visit({ kind, offset, length: RECORD_HEADER_BYTES + length, payload });
      offset += RECORD_HEADER_BYTES + length;
    }
    return { validLength: offset, fileLength };
  } finally {
    closeSync(fd);
  }
}
