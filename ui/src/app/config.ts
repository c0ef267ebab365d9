/**
 * Runtime configuration the query service injects into index.html as `window.__ARIADNE_CONFIG__` (with a matching
 * `<base href>`): the base path the app is served under, e.g. '' or '/jaeger'. Without injection (the Vite dev server)
 * the app runs at the root.
 */
interface InjectedConfig {
  basePath?: string;
}

declare global {
  interface Window {
    __ARIADNE_CONFIG__?: InjectedConfig;
  }
}

function readBasePath(): string {
  const raw = window.__ARIADNE_CONFIG__?.basePath ?? '';
  const trimmed = raw.replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? '' : `/${trimmed}`;
}

export const BASE_PATH = readBasePath();

/** An absolute URL path under the base path: appPath('/api/services') → '/jaeger/api/services'. */
export function appPath(path: string): string {
  return `${BASE_PATH}${path.startsWith('/') ? path : `/${path}`}`;
}
