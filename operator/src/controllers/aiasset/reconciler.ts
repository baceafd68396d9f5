import type { Logger } from "pino";
import { OP_ERR, TerminalError } from "../../errors.js";
import { aispmResource } from "../../kube/paths.js";
import { keyOf, splitKey } from "../../kube/types.js";
import type { Applier } from "../../runtime/apply.js";
import { deepEqual } from "../../runtime/conditions.js";
import type { ReconcileResult, Reconciler } from "../../runtime/controller.js";
import { FinalizerRegistry } from "../../runtime/finalizers.js";
import type { Informer } from "../../runtime/informer.js";
import type { OperatorMetrics } from "../../runtime/metrics.js";
import { RelationIndex, relationEdges } from "./relations.js";
import { type AIAsset, currentInventoryStatus, desiredInventoryStatus } from "./status.js";

export const AIASSETS = aispmResource("aiassets");
/** Controller name: its field manager is `<AISPM_FIELD_MANAGER>-aiasset`. */
export const AIASSET_CONTROLLER = "aiasset";
export const FINALIZER_INVENTORY = "aispm.dev/inventory";

/**
 * Keeps each AIAsset's inventory status true: relations resolved against the cache,
 * Ready, type and endpoint, discovered/shadow. Referrers are re-queued when a target
 * appears or disappears, through a reverse index kept from informer events.
 */
export class AIAssetReconciler implements Reconciler<AIAsset> {
  readonly kind = "AIAsset";
  readonly index = new RelationIndex();
  readonly finalizers = new FinalizerRegistry<AIAsset>();
  private enqueue: (key: string) => void = () => undefined;

  constructor(
    private readonly informer: Informer<AIAsset>,
    private readonly applier: Applier,
    private readonly metrics: OperatorMetrics,
    private readonly log: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {
    // Removal from the inventory is an audit fact: record it before the object disappears.
    this.finalizers.register(FINALIZER_INVENTORY, (obj) => {
      this.log.info(
        { audit: "inventory.removed", asset: keyOf(obj.metadata), type: obj.spec?.type, uid: obj.metadata.uid },
        "asset removed from inventory",
      );
      return Promise.resolve();
    });
    informer.addHandlers({
      onUpsert: (obj, old) => {
        const key = keyOf(obj.metadata);
        if (obj.spec)
          this.index.set(
            key,
            relationEdges(obj.spec, obj.metadata.namespace ?? "").map((e) => `${e.namespace}/${e.name}`),
          );
        // A new target, or a target whose type changed, can flip its referrers' conditions.
        if (!old || old.spec?.type !== obj.spec?.type) for (const r of this.index.referrersOf(key)) this.enqueue(r);
      },
      onDelete: (obj) => {
        const key = keyOf(obj.metadata);
        this.index.remove(key);
        for (const r of this.index.referrersOf(key)) this.enqueue(r);
      },
    });
  }

  bindQueue(enqueue: (key: string) => void): void {
    this.enqueue = enqueue;
  }

  async reconcile(key: string, cached: AIAsset | undefined): Promise<ReconcileResult | undefined> {
    if (!cached) return undefined;
    if (!cached.spec) throw new TerminalError(OP_ERR.INVALID_OBJECT, `AIAsset ${key} has no spec`);
    let obj = cached;
    if (obj.metadata.deletionTimestamp) {
      if (this.finalizers.owns(obj)) await this.applier.setFinalizers(AIASSETS, obj, await this.finalizers.finalize(obj));
      return undefined;
    }
    const withFinalizers = this.finalizers.missing(obj);
    if (withFinalizers) {
      obj = (await this.applier.setFinalizers(AIASSETS, obj, withFinalizers)) as AIAsset;
      this.informer.writeThrough(obj);
    }
    const lookup = (ns: string, name: string): AIAsset | undefined => this.informer.get(`${ns}/${name}`);
    const desired = desiredInventoryStatus(obj, lookup, this.now());
    if (!deepEqual(desired, currentInventoryStatus(obj.status))) {
      this.informer.writeThrough((await this.applier.applyStatus(AIASSETS, obj, desired)) as AIAsset);
      this.metrics.statusWrites.inc({ kind: this.kind });
      this.log.debug({ key: splitKey(key), ready: desired.conditions?.find((c) => c.type === "Ready")?.status }, "status updated");
    }
    return undefined;
  }
}
