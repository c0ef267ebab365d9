/**
 * A parameter holding a JSON object of string values, like `tags={"error":"true"}` (v1) or `query.attributes` (v3).
 * Returns the entries in order, or an Error describing what is not a string map.
 */
export function parseStringMapJson(input: string): Array<[string, string]> | Error {
  let parsed: unknown;
  try {
    parsed = JSON.parse(input);
  } catch (err) {
    return new Error((err as Error).message);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return new Error(`expected a JSON object of strings, got ${Array.isArray(parsed) ? 'an array' : JSON.stringify(parsed)}`);
  }
  const entries: Array<[string, string]> = [];
  for (const [key, value] of Object.entries(parsed)) {
    if (typeof value !== 'string') {
      return new Error(`the value of ${JSON.stringify(key)} is ${JSON.stringify(value)}, expected a string`);
    }
    entries.push([key, value]);
  }
  return entries;
}
