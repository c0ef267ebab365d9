/**
 * Width of the waterfall's name column, which the user drags: kept between a readable minimum and enough room for
 * the timeline, and remembered across pages and sessions.
 */
export const NAME_WIDTH_DEFAULT = 340;
export const NAME_WIDTH_MIN = 140;
/** Room the timeline keeps at least, px. */
export const TIMELINE_MIN = 160;
const STORAGE_KEY = 'ariadne.timeline.nameWidth';

/** The part of localStorage used here. */
export interface WidthStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** `px` clamped for a timeline area `total` px wide (the minimum wins when the area is too narrow). */
export function clampNameWidth(px: number, total: number): number {
  const max = Math.max(NAME_WIDTH_MIN, total - TIMELINE_MIN);
  return Math.round(Math.min(max, Math.max(NAME_WIDTH_MIN, px)));
}

/** The remembered width, or the default; `store` is localStorage in the browser. */
export function loadNameWidth(store: Pick<WidthStore, 'getItem'> | undefined): number {
  const saved = Number(store?.getItem(STORAGE_KEY));
  return Number.isFinite(saved) && saved >= NAME_WIDTH_MIN ? saved : NAME_WIDTH_DEFAULT;
}

export function saveNameWidth(store: Pick<WidthStore, 'setItem'> | undefined, px: number): void {
  try {
    store?.setItem(STORAGE_KEY, String(px));
  } catch {
    // Storage full or disabled: the width lasts for this page only.
  }
}
