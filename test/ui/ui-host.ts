/**
 * Where the browser tests open the UI: the query service itself serves it (registerUiAssets in the query role).
 * Fails loudly when the server does not, so a broken wiring cannot hide behind a test-only proxy.
 */
export interface UiHost {
  url: string;
  close(): Promise<void>;
}

export async function openUiHost(queryUrl: string): Promise<UiHost> {
  const page = await fetch(`${queryUrl}/search`).then((r) => r.text());
  if (!page.includes('__ARIADNE_CONFIG__')) {
    throw new Error(`the query service at ${queryUrl} does not serve the web UI (is ui/dist built?)`);
  }
  return { url: queryUrl, close: async () => {} };
}
