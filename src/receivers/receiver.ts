/**
 * The lifecycle every receiver (OTLP gRPC/HTTP, Jaeger, Zipkin) implements, so that roles start and stop them alike.
 */
export interface Receiver {
  /** Stable name used for addresses and logs, e.g. `otlp-grpc`, `otlp-http`. */
  readonly name: string;
  /**
   * Binds and starts serving. Resolves once the socket listens (port 0 picks a free port, see `address()`); rejects
   * with an error naming the host and port when binding fails, e.g. because the port is already in use.
   */
  start(): Promise<void>;
  /**
   * Stops accepting new connections and requests, lets in-flight requests finish (bounded; stragglers are cut off),
   * then resolves. Idempotent: later calls return the first call's promise. Safe to call when never started.
   */
  stop(): Promise<void>;
  /** Where the receiver is bound; after `start()` the port is the real one even when 0 was configured. */
  address(): { host: string; port: number };
}
