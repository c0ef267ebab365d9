/**
 * Every (service, span name, span kind) the store has seen, each with a small id that stored spans carry instead of
 * their name and kind. Like Jaeger's memory store, services and operations are remembered after their traces are
 * evicted, so the catalog only grows (with the number of distinct operations, not spans).
 */
import type { SpanKind } from '../../model/index.js';
import { spanKindName, type Operation, type SpanKindName } from '../api/index.js';

const KIND_COUNT = 6;

export class OperationCatalog {
  /** By op id. */
  readonly services: string[] = [];
  readonly names: string[] = [];
  readonly kinds: SpanKind[] = [];
  private readonly ids = new Map<string, Map<string, number[]>>();

  get size(): number {
    return this.names.length;
  }

  /** The id of this operation, created on first sight. */
  opId(service: string, name: string, kind: SpanKind): number {
    let byName = this.ids.get(service);
    if (byName === undefined) {
      byName = new Map();
      this.ids.set(service, byName);
    }
    let byKind = byName.get(name);
    if (byKind === undefined) {
      byKind = new Array<number>(KIND_COUNT).fill(-1);
      byName.set(name, byKind);
    }
    const k = kind >= 0 && kind < KIND_COUNT ? kind : 0;
    let id = byKind[k]!;
    if (id < 0) {
      id = this.names.length;
      this.services.push(service);
      this.names.push(name);
      this.kinds.push(k as SpanKind);
      byKind[k] = id;
    }
    return id;
  }

  /** Service names, sorted; spans without `service.name` are not listed. */
  getServices(): string[] {
    const out: string[] = [];
    for (const s of this.ids.keys()) if (s !== '') out.push(s);
    return out.sort();
  }

  /** Operations of `service`, sorted by name then kind; `kind` undefined means every kind. */
  getOperations(service: string, kind: SpanKindName | undefined): Operation[] {
    const byName = this.ids.get(service);
    if (byName === undefined) return [];
    const out: Operation[] = [];
    for (const [name, byKind] of byName) {
      for (let k = 0; k < KIND_COUNT; k++) {
        if (byKind[k]! < 0) continue;
        const spanKind = spanKindName(k as SpanKind);
        if (kind === undefined || kind === spanKind) out.push({ name, spanKind });
      }
    }
    return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.spanKind < b.spanKind ? -1 : 1));
  }

  /**
   * Which op ids satisfy a search's service and operation predicates ('' = any): a flag per id, or undefined when
   * neither predicate is set (every id matches).
   */
  matchingOps(service: string, name: string): Uint8Array | undefined {
    if (service === '' && name === '') return undefined;
    const flags = new Uint8Array(this.names.length);
    const services = service === '' ? [...this.ids.values()] : [this.ids.get(service)];
    for (const byName of services) {
      if (byName === undefined) continue;
      if (name === '') {
        for (const byKind of byName.values()) markAll(flags, byKind);
      } else {
        const byKind = byName.get(name);
        if (byKind !== undefined) markAll(flags, byKind);
      }
    }
    return flags;
  }
}

function markAll(flags: Uint8Array, byKind: readonly number[]): void {
  for (let k = 0; k < byKind.length; k++) {
    const id = byKind[k]!;
    if (id >= 0) flags[id] = 1;
  }
}
