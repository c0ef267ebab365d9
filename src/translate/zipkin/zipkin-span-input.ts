/**
 * A Zipkin span in the v2 shape (https://zipkin.io/zipkin-api/#/default/post_spans), which every Zipkin decoder
 * produces: v2 JSON is this shape once checked, protobuf and v1 JSON are converted into it. Ids are hex as sent (the
 * mapper validates and normalises them); times are epoch microseconds, absent or 0 meaning unknown.
 */
export interface ZipkinEndpoint {
  serviceName?: string;
  ipv4?: string;
  ipv6?: string;
  port?: number;
}

export interface ZipkinAnnotation {
  timestamp: number;
  value: string;
}

export interface ZipkinSpanInput {
  traceId: string;
  id: string;
  parentId?: string;
  name?: string;
  /** CLIENT, SERVER, PRODUCER or CONSUMER (any case); absent for local spans. */
  kind?: string;
  timestamp?: number;
  duration?: number;
  localEndpoint?: ZipkinEndpoint;
  remoteEndpoint?: ZipkinEndpoint;
  annotations?: ZipkinAnnotation[];
  /** Values are strings on the wire; other JSON values are tolerated and rendered as text. */
  tags?: Record<string, unknown>;
  debug?: boolean;
  shared?: boolean;
}

/** A decoded span, or the reason it cannot be used (counted as rejected). */
export type ZipkinSpanOrProblem = ZipkinSpanInput | string;
