/** Structured JSON logs (pino) with a configurable level. */
import { pino, type Logger } from 'pino';

export type { Logger };
export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';
export const LOG_LEVELS: readonly LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

/** A logger writing one JSON object per line to stderr, so stdout stays free for command output. */
export function createLogger(level: LogLevel, bindings: Record<string, unknown> = {}): Logger {
  return pino({ level, base: { ...bindings }, timestamp: pino.stdTimeFunctions.isoTime }, pino.destination(2));
}

/** A logger that discards everything (tests and benchmarks). */
export function createSilentLogger(): Logger {
  return pino({ level: 'silent' });
}
