import type { DestinationStream, Logger } from "pino";
import type { GatewayPolicySpec } from "@aispm/api";
import type { GatewayConfig } from "./config.js";
import { compileFilter } from "./filter/index.js";
import type { CompiledFilter } from "./filter/types.js";
import { StateStore } from "./limits/state-store.js";
import { AuditLog } from "./obs/audit.js";
import { createLogger } from "./obs/logger.js";
import { GatewayMetrics } from "./obs/metrics.js";
import { PolicyManager } from "./policy/manager.js";
import { PolicyWatcher } from "./policy/watcher.js";
import { buildApp } from "./server/app.js";
import type { GatewayContext } from "./server/context.js";
import { Drain } from "./server/drain.js";
import { UpstreamClient } from "./server/upstream.js";

export interface GatewayDeps {
  /** where JSON logs go (tests capture them); default stdout */
  logDestination?: DestinationStream;
  /** wall clock in ms; budgets, periods and bundle validity use it */
  now?: () => number;
  compile?: (policy: GatewayPolicySpec) => CompiledFilter;
}

export interface RunningGateway {
  /** http://host:port actually bound */
  url: string;
  port: number;
  ctx: GatewayContext;
  logger: Logger;
  /** stop accepting, drain in-flight requests (streams included) up to config.drainMs, flush state */
  close(): Promise<void>;
}

function buildContext(config: GatewayConfig, deps: GatewayDeps): GatewayContext {
  const now = deps.now ?? Date.now;
  const logger = createLogger(config.logLevel, deps.logDestination);
  const metrics = new GatewayMetrics({ defaultMetrics: config.defaultMetrics });
  const state = new StateStore({
    path: config.statePath,
    flushDelayMs: config.stateFlushMs,
    now,
    logger,
    onBudgetChange: (provider, usage) => {
      metrics.recordBudget(provider, usage);
    },
  });
  const policies = new PolicyManager({
    policyPath: config.policyPath,
    keysPath: config.keysPath,
    compile: deps.compile ?? compileFilter,
    now,
    skewMs: config.clockSkewMs,
    logger,
    metrics,
    highWater: {
      get: () => state.policyHighWater,
      note: (v) => {
        state.notePolicyVersion(v);
      },
    },
  });
  return {
    config,
    policies,
    state,
    upstream: new UpstreamClient(),
    metrics,
    audit: new AuditLog(logger, metrics),
    logger,
    drain: new Drain(),
    now,
  };
}

/** Wires config → state → policy → HTTP server, loads the first bundle and starts listening. */
export async function startGateway(config: GatewayConfig, deps: GatewayDeps = {}): Promise<RunningGateway> {
  const ctx = buildContext(config, deps);
  const { logger } = ctx;
  await ctx.policies.reload();
  const paths = [config.policyPath, config.keysPath].filter((p): p is string => p !== undefined);
  const watcher = new PolicyWatcher({
    paths,
    debounceMs: config.reloadDebounceMs,
    pollMs: config.policyPollMs,
    onChange: () => ctx.policies.reload(),
    logger,
  });
  if (paths.length > 0) watcher.start();
  const app = buildApp(ctx);
  await app.listen({ host: config.listen.host, port: config.listen.port });
  const addr = app.server.address();
  const port = typeof addr === "object" && addr !== null ? addr.port : config.listen.port;
  const host = config.listen.host.includes(":") ? `[${config.listen.host}]` : config.listen.host;
  const url = `http://${host}:${port}`;
  logger.info(
    { event: "gateway.listening", url, failOpen: config.failOpen, policyVersion: ctx.policies.current()?.version ?? null },
    "gateway listening",
  );

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      ctx.drain.begin();
      watcher.stop();
      const closed = app.close();
      // Keep-alive connections that finish a response during the drain become idle after close()
      // started; sweep them so the server can actually finish closing.
      const sweeper = setInterval(() => {
        app.server.closeIdleConnections();
      }, 50);
      const drained = await ctx.drain.wait(config.drainMs);
      if (!drained) {
        logger.warn({ event: "gateway.drain_deadline", inflight: ctx.drain.count }, "drain deadline reached; aborting in-flight requests");
        ctx.drain.abortAll();
        await ctx.drain.wait(1_000);
        app.server.closeAllConnections();
      }
      await closed;
      clearInterval(sweeper);
      ctx.upstream.destroy();
      await ctx.state.flush();
      logger.info({ event: "gateway.stopped", drained }, "gateway stopped");
    })();
    return closing;
  };
  return { url, port, ctx, logger, close };
}

/** SIGTERM/SIGINT → graceful close, then exit. Only the CLI installs this; embedders call close(). */
export function exitOnSignals(gw: RunningGateway): void {
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) return;
    signalled = true;
    gw.logger.info({ event: "gateway.signal", signal }, "shutting down");
    gw.close().then(
      () => process.exit(0),
      (err: unknown) => {
        gw.logger.error({ event: "gateway.shutdown_error", err: String(err) }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
}
