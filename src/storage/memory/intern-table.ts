/**
 * Resources and scopes stored once, shared by every span that carries identical bytes, with a count of the spans that
 * refer to each. An entry goes away when its last span is evicted, so the table holds only what stored spans use.
 */
export interface InternedEntry {
  /** The encoded resource or scope (see resource-codec.ts). */
  bytes: Buffer;
  /** Stored spans referring to this entry. */
  refs: number;
  /** For resources, the `service.name`; '' for scopes. */
  serviceName: string;
}

export class InternTable {
  private readonly ids = new Map<string, number>();
  private readonly entries: (InternedEntry | undefined)[] = [];
  private readonly freeIds: number[] = [];
  private live = 0;

  get size(): number {
    return this.live;
  }

  /**
   * The id of the bytes `src[start, end)`, added (copied, with no references yet) when new. The caller `retain`s it
   * for each span it stores.
   */
  intern(src: Buffer, start: number, end: number, serviceName: string): number {
    const key = src.toString('latin1', start, end);
    const known = this.ids.get(key);
    if (known !== undefined) return known;
    const bytes = Buffer.allocUnsafeSlow(end - start);
    src.copy(bytes, 0, start, end);
    const entry: InternedEntry = { bytes, refs: 0, serviceName };
    const id = this.freeIds.length > 0 ? this.freeIds.pop()! : this.entries.length;
    if (id === this.entries.length) this.entries.push(entry);
    else this.entries[id] = entry;
    this.ids.set(key, id);
    this.live++;
    return id;
  }

  get(id: number): InternedEntry {
    const entry = this.entries[id];
    if (entry === undefined) throw new Error(`memory store: interned entry ${id} is gone (bug: released too often)`);
    return entry;
  }

  retain(id: number): void {
    this.get(id).refs++;
  }

  /** Drops one reference; the entry is deleted with its last one. */
  release(id: number): void {
    const entry = this.get(id);
    if (--entry.refs > 0) return;
    this.ids.delete(entry.bytes.toString('latin1'));
    this.entries[id] = undefined;
    this.freeIds.push(id);
    this.live--;
  }

  /** Deletes an entry that `intern` created but no span came to use. */
  dropIfUnused(id: number): void {
    const entry = this.entries[id];
    if (entry !== undefined && entry.refs === 0) {
      entry.refs = 1;
      this.release(id);
    }
  }

  clear(): void {
    this.ids.clear();
    this.entries.length = 0;
    this.freeIds.length = 0;
    this.live = 0;
  }
}
