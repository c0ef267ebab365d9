/**
 * The string table of one page: every string of the page (attribute keys and string values, names, schema URLs)
 * stored once and referenced by index, so repeated values cost a varint before compression. Each entry's hash is
 * kept for the page's term bloom filter.
 */
import { ByteReader } from './byte-reader.js';
import { ByteWriter } from './byte-writer.js';
import { hashString } from './term-hash.js';

export class PageStringTable {
  private readonly index = new Map<string, number>();
  readonly hashes: number[] = [];
  readonly strings: string[] = [];

  /** The index of `s`, adding it when new. */
  ref(s: string): number {
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.strings.length;
      this.index.set(s, i);
      this.strings.push(s);
      this.hashes.push(hashString(s));
    }
    return i;
  }

  get size(): number {
    return this.strings.length;
  }

  clear(): void {
    this.index.clear();
    this.hashes.length = 0;
    this.strings.length = 0;
  }

  /** Writes the table: a count, then each string. */
  writeTo(w: ByteWriter): void {
    w.varint(this.strings.length);
    for (let i = 0; i < this.strings.length; i++) w.string(this.strings[i]!);
  }
}

/**
 * A page's string table as read back: offsets found by one pass over the lengths, each string decoded the first time
 * it is asked for (a trace lookup needs a few dozen of the page's hundreds of strings).
 */
export class PageStrings {
  private readonly cache: Array<string | undefined>;

  constructor(
    private readonly buf: Buffer,
    private readonly starts: Uint32Array,
    private readonly ends: Uint32Array,
  ) {
    this.cache = new Array<string | undefined>(starts.length);
  }

  get size(): number {
    return this.starts.length;
  }

  /** The index of `s` in the table, or -1 (compares bytes; decodes nothing). */
  indexOf(s: string): number {
    const bytes = Buffer.from(s, 'utf8');
    const n = bytes.length;
    for (let i = 0; i < this.starts.length; i++) {
      const start = this.starts[i]!;
      if (this.ends[i]! - start === n && this.buf.compare(bytes, 0, n, start, start + n) === 0) return i;
    }
    return -1;
  }

  /** The string at index `i`; a bad index means a corrupt page. */
  get(i: number): string {
    const known = this.cache[i];
    if (known !== undefined) return known;
    if (!(i >= 0 && i < this.starts.length)) throw new RangeError(`string ${i} is not in the page's table of ${this.starts.length}`);
    const s = this.buf.toString('utf8', this.starts[i]!, this.ends[i]!);
    this.cache[i] = s;
    return s;
  }
}

/** Reads the table written by `PageStringTable.writeTo`, leaving `r` after it. */
export function readStringTable(r: ByteReader): PageStrings {
  const n = r.varint();
  const starts = new Uint32Array(n);
  const ends = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const len = r.varint();
    starts[i] = r.pos;
    ends[i] = r.pos + len;
    if (ends[i]! > r.end) throw new RangeError('string table runs past the end of the page');
    r.pos += len;
  }
  return new PageStrings(r.buf, starts, ends);
}
