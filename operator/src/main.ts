// Controller manager entry point. Everything is wired here explicitly.
import { pino } from "pino";
import { loadConfig } from "./config.js";
import { AIASSET_CONTROLLER, AIASSETS, AIAssetReconciler } from "./controllers/aiasset/reconciler.js";
import type { AIAsset } from "./controllers/aiasset/status.js";
import { KubeClient } from "./kube/client.js";
import { Manager } from "./manager.js";
import { Applier, fieldManagerFor } from "./runtime/apply.js";
import { Controller } from "./runtime/controller.js";
import { Informer } from "./runtime/informer.js";
import { LeaderElector } from "./runtime/leader.js";
import { createMetrics } from "./runtime/metrics.js";

async function main(): Promise<void> {
  const cfg = loadConfig();
  const log = pino({ level: cfg.logLevel, base: { component: "operator", identity: cfg.leaderElection.identity } });
  const client = await KubeClient.fromKubeconfig(cfg.kubeconfig);
  const metrics = createMetrics();

  const assets = new Informer<AIAsset>(client, AIASSETS, log);
  const assetReconciler = new AIAssetReconciler(
    assets,
    new Applier(client, fieldManagerFor(cfg, AIASSET_CONTROLLER)),
    metrics,
    log.child({ controller: "aiasset" }),
  );
  const assetController = new Controller(assets, assetReconciler, metrics, log.child({ controller: "aiasset" }));
  assetReconciler.bindQueue((key) => {
    assetController.enqueue(key);
  });

  const elector = cfg.leaderElection.enabled ? new LeaderElector(client, cfg.leaderElection, log) : undefined;
  const manager = new Manager(cfg, [assetController], elector, metrics, log);

  const shutdown = (signal: string, code: number): void => {
    log.info({ signal }, "signal received");
    void manager.stop().then(() => process.exit(code));
  };
  process.once("SIGTERM", () => {
    shutdown("SIGTERM", 0);
  });
  process.once("SIGINT", () => {
    shutdown("SIGINT", 0);
  });
  await manager.start((err) => {
    log.error({ err }, "lost leadership; exiting so a fresh replica can campaign");
    shutdown("leader-lost", 1);
  });
}

main().catch((err: unknown) => {
  // pino may not exist yet (bad config): fall back to a JSON line on stderr.
  process.stderr.write(`${JSON.stringify({ level: 60, msg: "fatal", err: String(err) })}\n`);
  process.exit(1);
});
