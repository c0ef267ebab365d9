/**
 * A stable colour slot per service: services are numbered in order of first appearance across the session, so the
 * same service keeps its colour between pages. The palette itself lives in the CSS tokens (`--svc-0` … `--svc-11`).
 */
export const PALETTE_SIZE = 12;

const slots = new Map<string, number>();

export function serviceColorSlot(service: string): number {
  let slot = slots.get(service);
  if (slot === undefined) {
    slot = slots.size % PALETTE_SIZE;
    slots.set(service, slot);
  }
  return slot;
}

/** The CSS colour expression for a service. */
export function serviceColor(service: string): string {
  return `var(--svc-${serviceColorSlot(service)})`;
}
