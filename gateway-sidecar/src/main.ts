import type { DestinationStream, Logger } from "pino";
import type { GatewayPolicySpec } from "@aispm/api";
import { isLoopback, type GatewayConfig } from "./config.js";
import { GatewayError } from "./errors.js";
import { compileFilter } from "./filter/index.js";
import type { CompiledFilter } from "./filter/types.js";
import { ByteBudget } from "./limits/byte-budget.js";
import { StateStore } from "./limits/state-store.js";
import { AuditLog } from "./obs/audit.js";
import { auditKeyPathFor, loadOrCreateAuditKey } from "./obs/audit-key.js";
import { createLogger } from "./obs/logger.js";
import { GatewayMetrics } from "./obs/metrics.js";
import { PolicyManager } from "./policy/manager.js";
import { PolicyWatcher } from "./policy/watcher.js";
import type { FastifyInstance } from "fastify";
import { buildApp } from "./server/app.js";
import { buildHealthApp } from "./server/health.js";
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
  /** http://host:port actually bound (the proxy, loopback) */
  url: string;
  port: number;
  /** http://host:port of the health and metrics listener */
  healthUrl: string;
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
      note: (v, digest) => {
        state.notePolicy(v, digest);
      },
    },
  });
  const buffers = new ByteBudget(config.bufferLimitBytes, (used) => {
    metrics.bufferedBytes.set(used);
  });
  return {
    config,
    policies,
    state,
    buffers,
    upstream: new UpstreamClient(buffers),
    metrics,
    // Keyed audit hashes: the key persists next to the state file so hashes stay comparable across restarts.
    audit: new AuditLog(logger, metrics, {
      hashKey: config.statePath === undefined ? undefined : loadOrCreateAuditKey(auditKeyPathFor(config.statePath)),
    }),
    logger,
    drain: new Drain(),
    now,
  };
}

/** Wires config → state → policy → HTTP server, loads the first bundle and starts listening. */
export async function startGateway(config: GatewayConfig, deps: GatewayDeps = {}): Promise<RunningGateway> {
  // Checked here too: embedders build configs with makeConfig, which skips parseConfig's checks.
  if (!config.allowNonLoopbackListen && !isLoopback(config.listen.host)) {
    throw new GatewayError("GW_ERR_CONFIG", `proxy listen address ${config.listen.host} is not loopback (see --allow-non-loopback-listen)`);
  }
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
  const health = buildHealthApp(ctx);
  let bound: Bound;
  let healthUrl: string;
  try {
    bound = await listen(app, config.listen);
    healthUrl = (await listen(health, config.healthListen)).url;
  } catch (err) {
    watcher.stop();
    await Promise.allSettled([app.close(), health.close()]);
    ctx.upstream.destroy();
    await ctx.state.close();
    throw err;
  }
  const { url, port } = bound;
  logger.info(
    { event: "gateway.listening", url, healthUrl, failOpen: config.failOpen, policyVersion: ctx.policies.current()?.version ?? null },
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
      // Probes keep answering (unready) through the drain; the health listener goes last.
      await health.close();
      ctx.upstream.destroy();
      await ctx.state.close();
      logger.info({ event: "gateway.stopped", drained }, "gateway stopped");
    })();
    return closing;
  };
  return { url, port, healthUrl, ctx, logger, close };
}

interface Bound {
  url: string;
  port: number;
}

async function listen(app: FastifyInstance, at: { host: string; port: number }): Promise<Bound> {
  await app.listen({ host: at.host, port: at.port });
  const addr = app.server.address();
  const port = typeof addr === "object" && addr !== null ? addr.port : at.port;
  const host = at.host.includes(":") ? `[${at.host}]` : at.host;
  return { url: `http://${host}:${port}`, port };
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
