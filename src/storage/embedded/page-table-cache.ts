/**
 * Page tables of sealed segments, read from their index files for searches and kept while they fit a budget of
 * bytes (least recently used dropped first), so memory stays bounded however many segments are stored. Live
 * segments keep their own table in memory and bypass the cache.
 */
import type { PageTable } from './page-table.js';
import type { Segment } from './segment.js';

export class PageTableCache {
  private readonly tables = new Map<Segment, { pages: PageTable; bytes: number }>();
  private bytes = 0;

  constructor(private readonly budgetBytes: number) {}

  async get(segment: Segment): Promise<PageTable> {
    if (!segment.sealed) return segment.pages();
    const hit = this.tables.get(segment);
    if (hit !== undefined) {
      this.tables.delete(segment);
      this.tables.set(segment, hit);
      return hit.pages;
    }
    const pages = await segment.pages();
    const bytes = segment.index!.pageTableLength;
    this.tables.set(segment, { pages, bytes });
    this.bytes += bytes;
    for (const [s, t] of this.tables) {
      if (this.bytes <= this.budgetBytes || s === segment) break;
      this.tables.delete(s);
      this.bytes -= t.bytes;
    }
    return pages;
  }

  delete(segment: Segment): void {
    const t = this.tables.get(segment);
    if (t === undefined) return;
    this.tables.delete(segment);
    this.bytes -= t.bytes;
  }

  clear(): void {
    this.tables.clear();
    this.bytes = 0;
  }
}
