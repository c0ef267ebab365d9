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

/** Reads a table written by `PageStringTable.writeTo`. */
export function readStringTable(r: ByteReader): string[] {
  const n = r.varint();
  const out = new Array<string>(n);
  for (let i = 0; i < n; i++) out[i] = r.string();
  return out;
}

/** The string at index `i`; a bad index means a corrupt page. */
export function stringAt(table: readonly string[], i: number): string {
  const s = table[i];
  if (s === undefined) throw new RangeError(`string ${i} is not in the page's table of ${table.length}`);
  return s;
}
