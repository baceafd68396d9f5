import type { KubeClient } from "../kube/client.js";
import { objectPath, type ResourceRef } from "../kube/paths.js";
import type { KubeObject } from "../kube/types.js";

const APPLY = "application/apply-patch+yaml";
const MERGE = "application/merge-patch+json";

/**
 * Writes through server-side apply under one field manager. Each controller gets its own Applier
 * (its own manager name) and applies only the fields and condition types it owns, so two
 * controllers writing one object's status never erase each other's fields. `force` takes over
 * fields a person or an older manager set: what a controller applies is by definition its own.
 */
export class Applier {
  constructor(
    private readonly client: KubeClient,
    readonly fieldManager: string,
  ) {}

  /** Applies `status` on the status subresource; fields this manager set before and omits now are removed. */
  applyStatus(r: ResourceRef, obj: KubeObject, status: unknown): Promise<KubeObject> {
    const body = {
      apiVersion: obj.apiVersion,
      kind: obj.kind,
      metadata: { name: obj.metadata.name, namespace: obj.metadata.namespace },
      status,
    };
    return this.client.request("PATCH", objectPath(r, obj.metadata.namespace ?? "", obj.metadata.name, "status"), {
      body,
      contentType: APPLY,
      query: { fieldManager: this.fieldManager, force: true },
    });
  }

  /** Server-side apply of a whole object (desired state). */
  apply<T extends KubeObject>(r: ResourceRef, obj: T): Promise<T> {
    return this.client.request("PATCH", objectPath(r, obj.metadata.namespace ?? "", obj.metadata.name), {
      body: obj,
      contentType: APPLY,
      query: { fieldManager: this.fieldManager, force: true },
    });
  }

  /** Replaces metadata.finalizers, guarded by resourceVersion so a concurrent edit is not lost. */
  setFinalizers(r: ResourceRef, obj: KubeObject, finalizers: string[]): Promise<KubeObject> {
    return this.client.request("PATCH", objectPath(r, obj.metadata.namespace ?? "", obj.metadata.name), {
      body: { metadata: { finalizers, resourceVersion: obj.metadata.resourceVersion } },
      contentType: MERGE,
    });
  }
}

/** The field manager of one controller: the operator's base name plus the controller's, e.g. `aispm-operator-aiasset`. */
export function fieldManagerFor(cfg: { fieldManager: string }, controller: string): string {
  return `${cfg.fieldManager}-${controller}`;
}
