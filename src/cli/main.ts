#!/usr/bin/env node
/** The `ariadne` command: one subcommand per role, plus `validate`. */
import { tuneForRole } from './v8-tuning.js'; // first: V8 flags must be set before any hot code runs
import { isRole, startRole, VERSION, type Role } from '../app/index.js';
import { loadConfig, type AriadneConfig } from '../config/index.js';
import { createLogger } from '../telemetry/index.js';
import { mainHelp, roleHelp, validateHelp } from './help.js';
import { parseArgs } from './parse-args.js';

async function main(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv);
  if (args.version) {
    process.stdout.write(`ariadne ${VERSION}\n`);
    return 0;
  }
  const command = args.command;
  if (command === undefined || command === 'help') {
    process.stdout.write(mainHelp());
    return command === undefined && !args.help ? 2 : 0;
  }
  if (command !== 'validate' && !isRole(command)) {
    process.stderr.write(`ariadne: unknown command "${command}"\n\n${mainHelp()}`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(command === 'validate' ? validateHelp() : roleHelp(command));
    return 0;
  }
  if (args.errors.length > 0) {
    process.stderr.write(args.errors.map((e) => `ariadne: ${e}\n`).join(''));
    return 2;
  }
  const loaded = loadConfig({ file: args.configFile, env: process.env, flags: args.overrides });
  if (!loaded.ok) {
    process.stderr.write(`ariadne: invalid configuration (${loaded.errors.length} error${loaded.errors.length === 1 ? '' : 's'}):\n`);
    process.stderr.write(loaded.errors.map((e) => `  ${e}\n`).join(''));
    return 1;
  }
  if (command === 'validate') {
    process.stdout.write(`configuration is valid${args.configFile ? `: ${args.configFile}` : ''}\n`);
    return 0;
  }
  return runRole(command, loaded.config);
}

async function runRole(role: Role, config: AriadneConfig): Promise<number> {
  tuneForRole(role);
  const logger = createLogger(config.log.level, { service: 'ariadne' });
  let running;
  try {
    running = await startRole(role, config, logger);
  } catch (err) {
    logger.fatal({ err }, 'ariadne could not start');
    process.stderr.write(`ariadne: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
  return new Promise<number>((resolve) => {
    let signalled = false;
    const onSignal = (signal: NodeJS.Signals): void => {
      if (signalled) {
        logger.warn({ signal }, 'second signal: exiting without waiting for the drain');
        resolve(130);
        return;
      }
      signalled = true;
      logger.info({ signal }, 'signal received');
      running.shutdown().then(
        (r) => resolve(r.drained ? 0 : 1),
        (err: unknown) => {
          logger.error({ err }, 'shutdown failed');
          resolve(1);
        },
      );
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    // Let pino flush, then exit even if some handle (a stuck client connection) would keep the loop alive.
    setTimeout(() => process.exit(code), 50).unref();
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`ariadne: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
