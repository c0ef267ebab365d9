/**
 * Command-line parsing for `ariadne <command> [flags]`. Flags are `--name value` or `--name=value`; `--set
 * key.path=value` may repeat and reaches any config key. Unknown flags are errors, listed all at once.
 */
import { FLAG_KEYS } from '../config/index.js';

export interface ParsedArgs {
  command: string | undefined;
  help: boolean;
  version: boolean;
  configFile: string | undefined;
  /** Config key path → value, in the order given. */
  overrides: Array<[string, string]>;
  errors: string[];
}

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const out: ParsedArgs = { command: undefined, help: false, version: false, configFile: undefined, overrides: [], errors: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') {
      out.help = true;
      continue;
    }
    if (arg === '--version' || arg === '-v') {
      out.version = true;
      continue;
    }
    if (!arg.startsWith('--')) {
      if (out.command === undefined) out.command = arg;
      else out.errors.push(`unexpected argument "${arg}"`);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
    let value: string | undefined = eq < 0 ? undefined : arg.slice(eq + 1);
    if (value === undefined) {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) {
        out.errors.push(`flag --${name} needs a value`);
        continue;
      }
      value = next;
      i++;
    }
    if (name === 'config') out.configFile = value;
    else if (name === 'set') {
      const k = value.indexOf('=');
      if (k <= 0) out.errors.push(`--set ${value}: use --set key.path=value`);
      else out.overrides.push([value.slice(0, k), value.slice(k + 1)]);
    } else if (FLAG_KEYS[name] !== undefined) out.overrides.push([FLAG_KEYS[name], value]);
    else out.errors.push(`unknown flag --${name} (see --help)`);
  }
  return out;
}
