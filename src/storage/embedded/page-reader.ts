/**
 * Reads an uncompressed page body: its string table, resource and scope tables, and the spans of one chunk as OTLP
 * `ResourceSpans`. Every call builds fresh objects, so callers own (and may mutate) what they get.
 */
import type { InstrumentationScope, Resource, ResourceSpans, ScopeSpans, Span } from '../../model/index.js';
import { ByteReader } from './byte-reader.js';
import { readStringTable, type PageStrings } from './page-strings.js';
import { nextSpanOffset, readSpan, H_RESOURCE, H_SCOPE, type OperationNames } from './span-codec.js';
import { readAttributes, skipAttributes } from './value-codec.js';

export interface PageBody {
  buf: Buffer;
  strings: PageStrings;
  /** Offsets of each resource's and scope's encoding. */
  resourceOffsets: number[];
  scopeOffsets: number[];
}

export function openPageBody(buf: Buffer): PageBody {
  const r = new ByteReader(buf);
  const strings = readStringTable(r);
  const resourceOffsets: number[] = [];
  const resourceCount = r.varint();
  for (let i = 0; i < resourceCount; i++) {
    resourceOffsets.push(r.pos);
    skipAttributes(r);
    r.varint();
    r.varint();
  }
  const scopeOffsets: number[] = [];
  const scopeCount = r.varint();
  for (let i = 0; i < scopeCount; i++) {
    scopeOffsets.push(r.pos);
    r.varint();
    r.varint();
    skipAttributes(r);
    r.varint();
    r.varint();
  }
  return { buf, strings, resourceOffsets, scopeOffsets };
}

export function readResource(page: PageBody, index: number): { resource: Resource; schemaUrl: string } {
  const at = page.resourceOffsets[index];
  if (at === undefined) throw new RangeError(`resource ${index} is not in the page`);
  const r = new ByteReader(page.buf, at);
  const attributes = readAttributes(r, page.strings);
  const droppedAttributesCount = r.varint();
  return { resource: { attributes, droppedAttributesCount }, schemaUrl: page.strings.get(r.varint()) };
}

export function readScope(page: PageBody, index: number): { scope: InstrumentationScope; schemaUrl: string } {
  const at = page.scopeOffsets[index];
  if (at === undefined) throw new RangeError(`scope ${index} is not in the page`);
  const r = new ByteReader(page.buf, at);
  const name = page.strings.get(r.varint());
  const version = page.strings.get(r.varint());
  const attributes = readAttributes(r, page.strings);
  const droppedAttributesCount = r.varint();
  return { scope: { name, version, attributes, droppedAttributesCount }, schemaUrl: page.strings.get(r.varint()) };
}

/**
 * The spans of the chunk starting at `offset` (`spanCount` spans of `traceId`), grouped by resource and scope and
 * appended to `out`.
 */
export function readChunk(
  page: PageBody,
  offset: number,
  spanCount: number,
  traceId: string,
  ops: OperationNames,
  out: ResourceSpans[],
): void {
  const buf = page.buf;
  const groups = new Map<number, ScopeSpans>();
  const resources = new Map<number, ResourceSpans>();
  let off = offset;
  for (let i = 0; i < spanCount; i++) {
    if (off + 4 > buf.length) throw new RangeError('chunk runs past the end of the page');
    const span: Span = readSpan(buf, off, traceId, page.strings, ops);
    const ri = buf.readUInt16LE(off + H_RESOURCE);
    const si = buf.readUInt16LE(off + H_SCOPE);
    let group = groups.get(si);
    if (group === undefined) {
      let rs = resources.get(ri);
      if (rs === undefined) {
        const { resource, schemaUrl } = readResource(page, ri);
        rs = { resource, scopeSpans: [], schemaUrl };
        resources.set(ri, rs);
        out.push(rs);
      }
      const { scope, schemaUrl } = readScope(page, si);
      group = { scope, spans: [], schemaUrl };
      rs.scopeSpans.push(group);
      groups.set(si, group);
    }
    group.spans.push(span);
    off = nextSpanOffset(buf, off);
  }
}
