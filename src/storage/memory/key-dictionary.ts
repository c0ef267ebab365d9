/**
 * Attribute keys repeat on nearly every span, so the store writes a small number in their place. The dictionary is
 * shared by all traces and never shrinks, so it is bounded: past `maxKeys` (or for keys longer than `maxKeyLength`)
 * keys are written inline, which keeps a flood of unique keys from growing memory without limit.
 */
import type { ByteReader } from './byte-reader.js';
import type { ByteWriter } from './byte-writer.js';
import { ValueDictionary } from './value-dictionary.js';

/** Slots of the recent-key cache; see `writeAt`. */
export const RECENT_SLOTS = 64;

export class KeyDictionary {
  private readonly ids = new Map<string, number>();
  private readonly keys: string[] = [];
  private readonly maxKeys: number;
  private readonly maxKeyLength: number;
  /** The companion dictionary of short string values, read and written alongside these keys. */
  readonly values = new ValueDictionary();
  /**
   * By slot (an attribute's place in its list, see `writeAt`): the key last written there and its id. Spans of one
   * instrumentation list the same keys in the same order, and the decoder shares equal strings, so a slot usually
   * answers with one pointer comparison instead of a map lookup.
   */
  private readonly recentKeys: string[] = new Array<string>(RECENT_SLOTS).fill('');
  private readonly recentIds = new Int32Array(RECENT_SLOTS).fill(-1);

  constructor(maxKeys = 65_536, maxKeyLength = 128) {
    this.maxKeys = maxKeys;
    this.maxKeyLength = maxKeyLength;
  }

  get size(): number {
    return this.keys.length;
  }

  /** The dictionary id of `key`, or -1 when it is written inline. */
  idOf(key: string): number {
    return this.ids.get(key) ?? -1;
  }

  /** `write`, first trying the key last written at `slot` (0 ≤ slot; slots past `RECENT_SLOTS` are not cached). */
  writeAt(w: ByteWriter, key: string, slot: number): number {
    if (slot < RECENT_SLOTS && this.recentKeys[slot] === key && this.recentIds[slot]! >= 0) {
      const id = this.recentIds[slot]!;
      w.varint(id * 2);
      return id;
    }
    const id = this.write(w, key);
    if (id >= 0 && slot < RECENT_SLOTS) {
      this.recentKeys[slot] = key;
      this.recentIds[slot] = id;
    }
    return id;
  }

  /**
   * Writes `key` as `2·id` (dictionary) or `2·byteLength + 1` followed by its UTF-8 bytes (inline); returns the id, or
   * -1 when written inline.
   */
  write(w: ByteWriter, key: string): number {
    let id = this.ids.get(key);
    if (id === undefined && this.keys.length < this.maxKeys && key.length <= this.maxKeyLength) {
      id = this.keys.length;
      this.keys.push(key);
      this.ids.set(key, id);
    }
    if (id !== undefined) {
      w.varint(id * 2);
      return id;
    }
    const n = Buffer.byteLength(key, 'utf8');
    w.varint(n * 2 + 1);
    w.ensure(n);
    w.buf.write(key, w.pos, n, 'utf8');
    w.pos += n;
    return -1;
  }

  read(r: ByteReader): string {
    const v = r.varint();
    if (v % 2 === 0) return this.keys[v / 2]!;
    const n = (v - 1) / 2;
    const start = r.pos;
    r.pos += n;
    return r.buf.toString('utf8', start, start + n);
  }
}
