/**
 * Query-string access with Go's `url.Values` semantics, which Jaeger's API follows: repeated keys keep every value,
 * `Get` is the first value or '', `+` decodes to a space.
 */
export function searchParamsOf(url: string): URLSearchParams {
  const q = url.indexOf('?');
  return new URLSearchParams(q < 0 ? '' : url.slice(q + 1));
}

/** The first value of `name`, or '' when absent. */
export function firstValue(params: URLSearchParams, name: string): string {
  return params.get(name) ?? '';
}

/**
 * The first non-empty value among `names` (a canonical name, then its aliases) and the name it came under; `name` is
 * the canonical one when none is set.
 */
export function resolveAlias(params: URLSearchParams, names: readonly [string, ...string[]]): { value: string; name: string } {
  for (const name of names) {
    const value = params.get(name);
    if (value !== null && value !== '') return { value, name };
  }
  return { value: '', name: names[0] };
}
