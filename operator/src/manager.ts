import type { Server } from "node:http";
import type { Logger } from "pino";
import type { OperatorConfig } from "./config.js";
import { startHealthServer } from "./runtime/health.js";
import type { LeaderElector } from "./runtime/leader.js";
import type { OperatorMetrics } from "./runtime/metrics.js";

/** What the manager needs of a controller, whatever kind it reconciles. */
export interface ManagedController {
  informer: { hasSynced(): boolean; start(): Promise<void>; stop(): void };
  start(workers: number, resyncMs?: number): void;
  stop(): Promise<void>;
}

/**
 * Lifecycle of the controller manager: caches warm up on every replica (fast takeover),
 * workers run only on the leader, SIGTERM drains reconciles in flight and releases the lease.
 */
export class Manager {
  private server: Server | undefined;
  private stopping = false;
  port = 0;

  constructor(
    private readonly cfg: OperatorConfig,
    private readonly controllers: ManagedController[],
    private readonly elector: LeaderElector | undefined,
    private readonly metrics: OperatorMetrics,
    private readonly log: Logger,
  ) {}

  private synced(): boolean {
    return this.controllers.every((c) => c.informer.hasSynced());
  }

  async start(onFatal: (err: Error) => void): Promise<void> {
    const health = await startHealthServer(
      this.cfg.healthAddr,
      { live: () => !this.stopping, ready: () => this.synced() },
      this.metrics.registry,
    );
    this.server = health.server;
    this.port = health.port;
    this.log.info({ port: this.port }, "health server listening");
    await Promise.all(this.controllers.map((c) => c.informer.start()));
    this.log.info("caches synced");
    if (this.elector) {
      const won = await this.elector.acquire();
      if (!won) return;
      this.metrics.isLeader.set(1);
      void this.elector.holdLease((err) => {
        this.metrics.isLeader.set(0);
        onFatal(err);
      });
    }
    for (const c of this.controllers) c.start(this.cfg.workers, this.cfg.resyncSeconds * 1000);
    this.log.info({ workers: this.cfg.workers }, "controllers started");
  }

  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.log.info("shutting down");
    const deadline = new Promise<void>((r) => setTimeout(r, this.cfg.shutdownGraceSeconds * 1000).unref());
    await Promise.race([Promise.all(this.controllers.map((c) => c.stop())), deadline]);
    await this.elector?.release();
    this.metrics.isLeader.set(0);
    for (const c of this.controllers) c.informer.stop();
    const server = this.server;
    if (server)
      await new Promise<void>((r) => {
        server.close(() => {
          r();
        });
      });
    this.log.info("stopped");
  }
}
