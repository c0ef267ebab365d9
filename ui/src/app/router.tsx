/**
 * A small history-API router: the current route is the location path with the base path removed. `navigate` pushes
 * (or replaces) an entry and notifies subscribers; `Link` renders a real anchor (so middle-click and copy link work)
 * and navigates in-app on a plain click.
 */
import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';
import { appPath, BASE_PATH } from './config.js';

const CHANGE = 'ariadne:navigate';

export interface Location {
  /** Path below the base path, starting with '/'. */
  path: string;
  search: URLSearchParams;
  searchText: string;
}

function subscribe(cb: () => void): () => void {
  window.addEventListener('popstate', cb);
  window.addEventListener(CHANGE, cb);
  return () => {
    window.removeEventListener('popstate', cb);
    window.removeEventListener(CHANGE, cb);
  };
}

const snapshot = () => window.location.pathname + window.location.search;

export function useLocation(): Location {
  const key = useSyncExternalStore(subscribe, snapshot);
  const q = key.indexOf('?');
  const pathname = q < 0 ? key : key.slice(0, q);
  const searchText = q < 0 ? '' : key.slice(q);
  let path = pathname.startsWith(BASE_PATH) ? pathname.slice(BASE_PATH.length) : pathname;
  if (path === '') path = '/';
  return { path: safeDecode(path), search: new URLSearchParams(searchText), searchText };
}

function safeDecode(path: string): string {
  try {
    return decodeURI(path);
  } catch {
    return path;
  }
}

/** Goes to `to` (a path below the base path, with optional query). */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  const url = appPath(to);
  if (url === snapshot()) return;
  if (options.replace) window.history.replaceState(null, '', url);
  else window.history.pushState(null, '', url);
  window.dispatchEvent(new Event(CHANGE));
}

export function Link({ to, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { to: string }) {
  const handle = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey || rest.target === '_blank') return;
    e.preventDefault();
    navigate(to);
  };
  return <a href={appPath(to)} onClick={handle} {...rest} />;
}
