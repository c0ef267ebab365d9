/**
 * Reads an HTTP request body into one Buffer with a hard size cap, then undoes its `Content-Encoding`, capping the
 * decompressed size too, so neither a huge upload nor a small gzip bomb can make the server buffer more than the limit.
 */
import type { IncomingMessage } from 'node:http';
import { gunzip, inflate, type InputType, type ZlibOptions } from 'node:zlib';

export type ContentCoding = 'identity' | 'gzip' | 'deflate';

export type BodyReadResult =
  | { status: 'ok'; body: Buffer }
  /** Over the limit, compressed or decompressed. The rest of the upload was not read. */
  | { status: 'too_large'; message: string }
  /** The compressed stream is corrupt. */
  | { status: 'corrupt'; message: string }
  /** The client went away before the body was complete; there is nobody to answer. */
  | { status: 'aborted' };

/** Maps a `Content-Encoding` header to a coding we can undo, or undefined when unsupported. */
export function parseContentCoding(header: string | undefined): ContentCoding | undefined {
  if (header === undefined) return 'identity';
  const v = header.trim().toLowerCase();
  if (v === '' || v === 'identity') return 'identity';
  if (v === 'gzip' || v === 'x-gzip') return 'gzip';
  if (v === 'deflate') return 'deflate';
  return undefined;
}

/**
 * Reads `req` fully unless it exceeds `limitBytes`: a declared `Content-Length` over the limit fails before any byte
 * is read, and a chunked body fails as soon as the running total passes it (chunks read so far are released). The
 * caller must answer and close the connection on `too_large`, since the rest of the body is left unread.
 */
export function readBody(req: IncomingMessage, limitBytes: number, coding: ContentCoding): Promise<BodyReadResult> {
  return new Promise((resolve) => {
    const declared = declaredLength(req);
    if (declared !== undefined && declared > limitBytes) {
      resolve(tooLarge(`request body of ${declared} bytes exceeds the limit of ${limitBytes} bytes`));
      return;
    }
    // With a declared length, copy straight into one buffer of the right size instead of concatenating chunks.
    const sized = declared !== undefined ? Buffer.allocUnsafe(declared) : undefined;
    let chunks: Buffer[] | undefined = sized === undefined ? [] : undefined;
    let received = 0;
    let settled = false;
    const settle = (r: BodyReadResult): void => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onAbort);
      req.off('close', onAbort);
      resolve(r);
    };
    const onData = (chunk: Buffer): void => {
      if (received + chunk.length > limitBytes || (sized !== undefined && received + chunk.length > sized.length)) {
        chunks = undefined;
        req.pause();
        settle(tooLarge(`request body exceeds the limit of ${limitBytes} bytes`));
        return;
      }
      if (sized !== undefined) chunk.copy(sized, received);
      else chunks!.push(chunk);
      received += chunk.length;
    };
    const onEnd = (): void => {
      const raw = sized !== undefined ? sized.subarray(0, received) : concat(chunks!, received);
      chunks = undefined;
      if (coding === 'identity') settle({ status: 'ok', body: raw });
      else decompress(raw, coding, limitBytes).then(settle);
    };
    // 'close' before 'end' means the client aborted mid-body (or the socket failed).
    const onAbort = (): void => {
      if (!req.complete) settle({ status: 'aborted' });
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onAbort);
    req.on('close', onAbort);
  });
}

function declaredLength(req: IncomingMessage): number | undefined {
  const h = req.headers['content-length'];
  if (h === undefined) return undefined;
  const n = Number(h);
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

function concat(chunks: Buffer[], total: number): Buffer {
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
}

function tooLarge(message: string): BodyReadResult {
  return { status: 'too_large', message: `${message}; send smaller batches` };
}

type Inflater = (buf: InputType, options: ZlibOptions, cb: (err: Error | null, result: Buffer) => void) => void;

/** Inflates off the main thread; `maxOutputLength` makes zlib stop as soon as the output passes the limit. */
function decompress(raw: Buffer, coding: 'gzip' | 'deflate', limitBytes: number): Promise<BodyReadResult> {
  const inflater: Inflater = coding === 'gzip' ? gunzip : inflate;
  return new Promise((resolve) => {
    inflater(raw, { maxOutputLength: limitBytes }, (err, out) => {
      if (err === null) resolve({ status: 'ok', body: out });
      else if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
        resolve(tooLarge(`${coding}-decompressed request body exceeds the limit of ${limitBytes} bytes`));
      else resolve({ status: 'corrupt', message: `request body is not valid ${coding}: ${err.message}` });
    });
  });
}
