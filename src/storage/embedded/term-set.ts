/**
 * A set of 32-bit term hashes for one page, without allocating per insert (a JS Set would box most of them). Open
 * addressing over an Int32Array that doubles when half full; `clear()` keeps the capacity for the next page.
 */
export class TermSet {
  private slots: Int32Array = new Int32Array(4096);
  private count = 0;
  private hasZero = false;

  get size(): number {
    return this.count + (this.hasZero ? 1 : 0);
  }

  add(hash: number): void {
    const h = hash | 0;
    if (h === 0) {
      this.hasZero = true;
      return;
    }
    let slots = this.slots;
    if (this.count * 2 >= slots.length) slots = this.grow();
    const mask = slots.length - 1;
    let i = h & mask;
    for (;;) {
      const s = slots[i]!;
      if (s === h) return;
      if (s === 0) {
        slots[i] = h;
        this.count++;
        return;
      }
      i = (i + 1) & mask;
    }
  }

  clear(): void {
    if (this.count > 0) this.slots.fill(0);
    this.count = 0;
    this.hasZero = false;
  }

  forEach(visit: (hash: number) => void): void {
    if (this.hasZero) visit(0);
    const slots = this.slots;
    for (let i = 0; i < slots.length; i++) if (slots[i] !== 0) visit(slots[i]! >>> 0);
  }

  private grow(): Int32Array {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2);
    this.count = 0;
    for (let i = 0; i < old.length; i++) if (old[i] !== 0) this.add(old[i]!);
    return this.slots;
  }
}
