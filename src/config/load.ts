/**
 * Loads the configuration: defaults < YAML file < environment < flags. Validation happens once, here, and reports
 * every problem at once, each with its key path.
 */
import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { configSchema, type AriadneConfig } from './schema.js';
import { envOverrides, setPath, type RawConfig } from './sources.js';

export interface ConfigInput {
  /** Path of the YAML file, if any. */
  file: string | undefined;
  env: NodeJS.ProcessEnv;
  /** Key path → value, from flags (already mapped from flag names). */
  flags: ReadonlyArray<readonly [string, string]>;
}

export type ConfigResult = { ok: true; config: AriadneConfig } | { ok: false; errors: string[] };

export function loadConfig(input: ConfigInput): ConfigResult {
  const errors: string[] = [];
  let raw: RawConfig = {};
  if (input.file !== undefined) {
    const fromFile = readYamlFile(input.file, input.env, errors);
    if (fromFile !== undefined) raw = fromFile;
  }
  for (const [path, value] of envOverrides(input.env)) setPath(raw, path, value);
  for (const [path, value] of input.flags) setPath(raw, path, value);
  if (errors.length > 0) return { ok: false, errors };
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, errors: parsed.error.issues.map(formatIssue) };
  return { ok: true, config: parsed.data };
}

function readYamlFile(path: string, env: NodeJS.ProcessEnv, errors: string[]): RawConfig | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    errors.push(`${path}: cannot read the config file (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    return undefined;
  }
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    for (const e of doc.errors) errors.push(`${path}: invalid YAML: ${e.message.split('\n')[0]}`);
    return undefined;
  }
  const value: unknown = doc.toJS();
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    errors.push(`${path}: the top level must be a mapping of keys to values`);
    return undefined;
  }
  return substituteEnv(value, env) as RawConfig;
}

const ENV_REF = /\$\{env:([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/** Replaces `${env:NAME}` and `${env:NAME:-default}` in every string value (unset without default → ''). */
export function substituteEnv(value: unknown, env: NodeJS.ProcessEnv): unknown {
  if (typeof value === 'string') {
    return value.replace(ENV_REF, (_m, name: string, def: string | undefined) => {
      const v = env[name];
      return v !== undefined && v !== '' ? v : (def ?? '');
    });
  }
  if (Array.isArray(value)) return value.map((v) => substituteEnv(v, env));
  if (value !== null && typeof value === 'object') {
    const out: RawConfig = {};
    for (const [k, v] of Object.entries(value)) out[k] = substituteEnv(v, env);
    return out;
  }
  return value;
}

function formatIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    return issue.keys
      .map((k) => `${path === '' ? k : `${path}.${k}`}: unknown key (check the spelling; see the README's config section)`)
      .join('\n');
  }
  if (issue.code === 'invalid_type' && issue.expected === 'object') {
    return `${path}: must be a mapping of keys to values`;
  }
  return `${path === '' ? '(top level)' : path}: ${issue.message}`;
}
