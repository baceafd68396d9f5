import type { Logger } from "pino";
import { TerminalError } from "../errors.js";
import { keyOf, type KubeObject } from "../kube/types.js";
import type { Informer } from "./informer.js";
import type { OperatorMetrics } from "./metrics.js";
import { WorkQueue } from "./workqueue.js";
import { deepEqual } from "./conditions.js";

export interface ReconcileResult {
  /** periodic work: reconcile this key again after the delay */
  requeueAfterMs?: number;
}

export interface Reconciler<T extends KubeObject> {
  readonly kind: string;
  /** Level-based: compute desired state from `obj` (undefined once deleted) and converge. */
  reconcile(key: string, obj: T | undefined): Promise<ReconcileResult | undefined>;
}

/** Only spec (generation) and metadata that drive behaviour trigger a reconcile; our own status writes do not. */
export function needsReconcile<T extends KubeObject>(obj: T, old: T | undefined): boolean {
  if (!old) return true;
  const a = obj.metadata;
  const b = old.metadata;
  return (
    a.generation !== b.generation ||
    a.deletionTimestamp !== b.deletionTimestamp ||
    !deepEqual(a.labels, b.labels) ||
    !deepEqual(a.finalizers, b.finalizers) ||
    !deepEqual(a.annotations, b.annotations)
  );
}

/** Informer + work queue + workers for one kind. */
export class Controller<T extends KubeObject> {
  readonly queue = new WorkQueue();
  private readonly inFlight = new Set<Promise<void>>();
  private running = false;
  private resync: NodeJS.Timeout | undefined;

  constructor(
    readonly informer: Informer<T>,
    private readonly reconciler: Reconciler<T>,
    private readonly metrics: OperatorMetrics,
    private readonly log: Logger,
  ) {
    informer.addHandlers({
      onUpsert: (obj, old) => {
        if (needsReconcile(obj, old)) this.enqueue(keyOf(obj.metadata));
      },
      onDelete: (obj) => {
        this.enqueue(keyOf(obj.metadata));
      },
    });
  }

  enqueue(key: string): void {
    this.queue.add(key);
    this.metrics.queueDepth.set({ kind: this.reconciler.kind }, this.queue.depth);
  }

  /** Starts workers; every `resyncMs` all cached keys are reconciled again (level-based safety net). */
  start(workers: number, resyncMs = 0): void {
    this.running = true;
    const enqueueAll = (): void => {
      for (const obj of this.informer.list()) this.enqueue(keyOf(obj.metadata));
    };
    enqueueAll();
    if (resyncMs > 0) this.resync = setInterval(enqueueAll, resyncMs).unref();
    for (let i = 0; i < workers; i++) void this.worker();
  }

  /** Stops taking keys and waits for reconciles in flight. */
  async stop(): Promise<void> {
    this.running = false;
    clearInterval(this.resync);
    this.queue.shutdown();
    await Promise.allSettled([...this.inFlight]);
  }

  private async worker(): Promise<void> {
    while (this.running) {
      const key = await this.queue.get();
      if (key === undefined) return;
      const p = this.process(key);
      this.inFlight.add(p);
      await p;
      this.inFlight.delete(p);
      this.queue.done(key);
    }
  }

  private async process(key: string): Promise<void> {
    const kind = this.reconciler.kind;
    const end = this.metrics.reconcileDuration.startTimer({ kind });
    this.metrics.queueDepth.set({ kind }, this.queue.depth);
    try {
      const result = await this.reconciler.reconcile(key, this.informer.get(key));
      this.queue.forget(key);
      this.metrics.reconcileTotal.inc({ kind, result: "success" });
      if (result?.requeueAfterMs) this.queue.addAfter(key, result.requeueAfterMs);
    } catch (err) {
      this.metrics.reconcileErrors.inc({ kind });
      if (err instanceof TerminalError) {
        this.metrics.reconcileTotal.inc({ kind, result: "terminal" });
        this.log.error({ err, key, kind }, "reconcile failed permanently; not retrying until the object changes");
        this.queue.forget(key);
      } else {
        const delay = this.queue.addRateLimited(key);
        this.metrics.reconcileTotal.inc({ kind, result: "error" });
        this.log.warn({ err, key, kind, retryInMs: delay }, "reconcile failed; backing off");
      }
    } finally {
      end();
    }
  }
}
