/**
 * A stable colour slot per service, from a hash of its name, so a service has the same colour on every page and in
 * every session. The palette itself lives in the CSS tokens (`--svc-0` … `--svc-11`).
 */
export const PALETTE_SIZE = 12;

const slots = new Map<string, number>();

export function serviceColorSlot(service: string): number {
  let slot = slots.get(service);
  if (slot === undefined) {
    // FNV-1a over UTF-16 code units.
    let h = 0x811c9dc5;
    for (let i = 0; i < service.length; i++) {
      h ^= service.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    slot = h % PALETTE_SIZE;
    slots.set(service, slot);
  }
  return slot;
}

/** The CSS colour expression for a service. */
export function serviceColor(service: string): string {
  return `var(--svc-${serviceColorSlot(service)})`;
}
