/**
 * The store's operations: (service, span name, kind) triples numbered by id. Spans carry the id, so searches by service
 * and operation compare integers. Ids are assigned in order and never reused while a segment refers to them: each
 * segment logs the operations it uses, and on open the catalog is rebuilt from the segments that remain.
 *
 * `getServices` and `getOperations` list only operations that some stored segment uses (`retain`/`release`), so
 * retention removes services that no longer have spans.
 */
import { SpanKind } from '../../model/index.js';
import { spanKindName, type Operation, type SpanKindName } from '../api/index.js';

export interface OperationEntry {
  id: number;
  service: string;
  name: string;
  kind: SpanKind;
}

export class OperationCatalog {
  private readonly services: string[] = [];
  private readonly names: string[] = [];
  private readonly kinds: SpanKind[] = [];
  private readonly segmentCounts: number[] = [];
  /** service → name → id + 1 per kind (0 = none). */
  private readonly byService = new Map<string, Map<string, Int32Array>>();

  get size(): number {
    return this.names.length;
  }

  /** The id of (service, name, kind), assigning the next id when new. */
  idOf(service: string, name: string, kind: SpanKind): number {
    let names = this.byService.get(service);
    if (names === undefined) {
      names = new Map();
      this.byService.set(service, names);
    }
    let kinds = names.get(name);
    if (kinds === undefined) {
      kinds = new Int32Array(6);
      names.set(name, kinds);
    }
    const k = kind >= 0 && kind <= 5 ? kind : SpanKind.UNSPECIFIED;
    const existing = kinds[k]!;
    if (existing !== 0) return existing - 1;
    const id = this.names.length;
    this.define({ id, service, name, kind: k });
    return id;
  }

  /** Adds an entry read from disk under its recorded id. Conflicting redefinitions mean corrupt files. */
  define(entry: OperationEntry): void {
    const { id, service, name, kind } = entry;
    const known = this.names[id];
    if (known !== undefined) {
      if (known !== name || this.services[id] !== service || this.kinds[id] !== kind) {
        throw new Error(`operation ${id} is defined twice differently (${service}/${name} and ${this.services[id]}/${known})`);
      }
      return;
    }
    while (this.names.length < id) {
      // A gap left by operations whose segments are gone; keep ids aligned.
      this.services.push('');
      this.names.push('');
      this.kinds.push(SpanKind.UNSPECIFIED);
      this.segmentCounts.push(0);
    }
    this.services[id] = service;
    this.names[id] = name;
    this.kinds[id] = kind;
    this.segmentCounts[id] = 0;
    let names = this.byService.get(service);
    if (names === undefined) {
      names = new Map();
      this.byService.set(service, names);
    }
    let kinds = names.get(name);
    if (kinds === undefined) {
      kinds = new Int32Array(6);
      names.set(name, kinds);
    }
    kinds[kind] = id + 1;
  }

  entry(id: number): OperationEntry {
    return { id, service: this.serviceOf(id), name: this.nameOf(id), kind: this.kindOf(id) };
  }

  serviceOf(id: number): string {
    return this.services[id] ?? '';
  }

  nameOf(id: number): string {
    return this.names[id] ?? '';
  }

  kindOf(id: number): SpanKind {
    return this.kinds[id] ?? SpanKind.UNSPECIFIED;
  }

  /** A segment now holds spans of these operations. */
  retain(ids: Iterable<number>): void {
    for (const id of ids) this.segmentCounts[id] = (this.segmentCounts[id] ?? 0) + 1;
  }

  /** A segment holding spans of these operations was deleted. */
  release(ids: Iterable<number>): void {
    for (const id of ids) this.segmentCounts[id] = Math.max(0, (this.segmentCounts[id] ?? 0) - 1);
  }

  getServices(): string[] {
    const out = new Set<string>();
    for (let id = 0; id < this.names.length; id++) {
      if (this.segmentCounts[id]! > 0 && this.services[id] !== '') out.add(this.services[id]!);
    }
    return [...out].sort();
  }

  getOperations(service: string, kind: SpanKindName | undefined): Operation[] {
    const names = this.byService.get(service);
    if (names === undefined) return [];
    const out: Operation[] = [];
    for (const [name, kinds] of names) {
      for (let k = 0; k < 6; k++) {
        const id = kinds[k]! - 1;
        if (id < 0 || this.segmentCounts[id]! === 0) continue;
        const kindName = spanKindName(k as SpanKind);
        if (kind === undefined || kind === kindName) out.push({ name, spanKind: kindName });
      }
    }
    return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.spanKind < b.spanKind ? -1 : 1));
  }

  /**
   * A bitmap of the operation ids matching a search's service and operation name (either may be ''), or undefined
   * when the search names neither (every operation matches).
   */
  matching(service: string, name: string): Uint8Array | undefined {
    if (service === '' && name === '') return undefined;
    const out = new Uint8Array(this.names.length);
    const mark = (kinds: Int32Array): void => {
      for (let k = 0; k < 6; k++) if (kinds[k]! > 0) out[kinds[k]! - 1] = 1;
    };
    if (service !== '') {
      const names = this.byService.get(service);
      if (names === undefined) return out;
      if (name !== '') {
        const kinds = names.get(name);
        if (kinds !== undefined) mark(kinds);
      } else {
        for (const kinds of names.values()) mark(kinds);
      }
      return out;
    }
    for (const names of this.byService.values()) {
      const kinds = names.get(name);
      if (kinds !== undefined) mark(kinds);
    }
    return out;
  }
}
