/** Binary form of a resource (with its `ResourceSpans.schemaUrl`) and of a scope (with its `ScopeSpans.schemaUrl`). */
import type { InstrumentationScope, Resource } from '../../model/index.js';
import { readAttributes, writeAttributes } from './attribute-codec.js';
import { ByteReader } from './byte-reader.js';
import type { ByteWriter } from './byte-writer.js';
import type { KeyDictionary } from './key-dictionary.js';

export function writeResource(w: ByteWriter, resource: Resource, schemaUrl: string, keys: KeyDictionary): void {
  writeAttributes(w, resource.attributes, keys, undefined);
  w.varint(resource.droppedAttributesCount);
  w.string(schemaUrl);
}

export function readResource(bytes: Buffer, keys: KeyDictionary): { resource: Resource; schemaUrl: string } {
  const r = new ByteReader(bytes);
  const attributes = readAttributes(r, keys);
  const droppedAttributesCount = r.varint();
  return { resource: { attributes, droppedAttributesCount }, schemaUrl: r.string() };
}

export function writeScope(w: ByteWriter, scope: InstrumentationScope, schemaUrl: string, keys: KeyDictionary): void {
  w.string(scope.name);
  w.string(scope.version);
  writeAttributes(w, scope.attributes, keys, undefined);
  w.varint(scope.droppedAttributesCount);
  w.string(schemaUrl);
}

export function readScope(bytes: Buffer, keys: KeyDictionary): { scope: InstrumentationScope; schemaUrl: string } {
  const r = new ByteReader(bytes);
  const name = r.string();
  const version = r.string();
  const attributes = readAttributes(r, keys);
  const droppedAttributesCount = r.varint();
  return { scope: { name, version, attributes, droppedAttributesCount }, schemaUrl: r.string() };
}
