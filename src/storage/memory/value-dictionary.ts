/**
 * Short string attribute values repeat across spans as much as keys do (`GET`, `https`, peer names, user agents), so
 * the store writes a small number in their place: fewer bytes held per span and fewer bytes copied per write.
 *
 * Shared by all traces and never shrinking, it is bounded three ways: values longer than `maxValueLength` stay inline;
 * a key admits at most `maxValuesPerKey` new values (a high-cardinality key such as `user.id` stops adding after that,
 * though its values already known still hit); and past `maxValues` entries nothing more is added. Only well-formed
 * strings are admitted, so a dictionary value and its inline UTF-8 form compare the same way.
 */
export class ValueDictionary {
  private readonly ids = new Map<string, number>();
  private readonly values: string[] = [];
  /** By key id: how many values that key has added. */
  private readonly addedByKey: number[] = [];
  /** By key id: the value last found for that key and its id (a pointer comparison often spares the map lookup). */
  private readonly lastValues: string[] = [];
  private readonly lastIds: number[] = [];
  private readonly maxValues: number;
  private readonly maxValueLength: number;
  private readonly maxValuesPerKey: number;

  constructor(maxValues = 32_768, maxValueLength = 128, maxValuesPerKey = 1024) {
    this.maxValues = maxValues;
    this.maxValueLength = maxValueLength;
    this.maxValuesPerKey = maxValuesPerKey;
  }

  get size(): number {
    return this.values.length;
  }

  /** The id of `value` (a value of the key with dictionary id `keyId`), added when allowed; -1 means write it inline. */
  idFor(keyId: number, value: string): number {
    if (value.length > this.maxValueLength) return -1;
    if (keyId >= 0 && keyId < this.lastValues.length && this.lastValues[keyId] === value && this.lastIds[keyId]! >= 0) {
      return this.lastIds[keyId]!;
    }
    return this.lookUp(keyId, value);
  }

  /** `idFor` past its per-key fast path, kept apart so that the fast path stays small enough to inline. */
  private lookUp(keyId: number, value: string): number {
    const known = this.ids.get(value);
    if (known !== undefined) {
      if (keyId >= 0) this.remember(keyId, value, known);
      return known;
    }
    if (keyId < 0 || this.values.length >= this.maxValues) return -1;
    const added = this.addedByKey[keyId] ?? 0;
    if (added >= this.maxValuesPerKey || !isWellFormed(value)) return -1;
    while (this.addedByKey.length <= keyId) this.addedByKey.push(0);
    this.addedByKey[keyId] = added + 1;
    const id = this.values.length;
    this.values.push(value);
    this.ids.set(value, id);
    this.remember(keyId, value, id);
    return id;
  }

  private remember(keyId: number, value: string, id: number): void {
    while (this.lastValues.length <= keyId) {
      this.lastValues.push('');
      this.lastIds.push(-1);
    }
    this.lastValues[keyId] = value;
    this.lastIds[keyId] = id;
  }

  /** The id of `value` if the dictionary holds it, else -1; never adds. */
  idOf(value: string): number {
    return this.ids.get(value) ?? -1;
  }

  valueAt(id: number): string {
    const value = this.values[id];
    if (value === undefined) throw new Error(`memory store: value dictionary id ${id} is unknown (corrupt span bytes)`);
    return value;
  }
}

/** Whether `s` has no lone surrogate (so its UTF-8 form decodes back to `s`). */
function isWellFormed(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    if (c > 0xdbff) return false;
    const next = s.charCodeAt(i + 1);
    if (!(next >= 0xdc00 && next <= 0xdfff)) return false;
    i++;
  }
  return true;
}
