import type { Logger } from "pino";
import type { GatewayConfig } from "../config.js";
import type { ByteBudget } from "../limits/byte-budget.js";
import type { StateStore } from "../limits/state-store.js";
import type { AuditLog } from "../obs/audit.js";
import type { GatewayMetrics } from "../obs/metrics.js";
import type { PolicyManager } from "../policy/manager.js";
import type { Drain } from "./drain.js";
import type { UpstreamClient } from "./upstream.js";

/** Everything a request handler needs, built once in main.ts and passed down explicitly. */
export interface GatewayContext {
  config: GatewayConfig;
  policies: PolicyManager;
  state: StateStore;
  upstream: UpstreamClient;
  metrics: GatewayMetrics;
  audit: AuditLog;
  logger: Logger;
  drain: Drain;
  /** global cap on buffered request and upstream bodies */
  buffers: ByteBudget;
  now: () => number;
}
