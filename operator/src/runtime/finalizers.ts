import { OP_ERR, OperatorError } from "../errors.js";
import type { KubeObject } from "../kube/types.js";

export type FinalizeFn<T> = (obj: T) => Promise<void>;

/**
 * Finalizers a controller owns, by name. `pending` tells the controller what to do with an
 * object: add missing finalizers while it lives, run and remove them once it is deleting.
 */
export class FinalizerRegistry<T extends KubeObject> {
  private readonly entries = new Map<string, FinalizeFn<T>>();

  register(name: string, fn: FinalizeFn<T>): void {
    if (this.entries.has(name)) throw new Error(`finalizer ${name} registered twice`);
    this.entries.set(name, fn);
  }

  names(): string[] {
    return [...this.entries.keys()];
  }

  /** Finalizer list the live object should carry, or undefined when it already does. */
  missing(obj: T): string[] | undefined {
    const have = obj.metadata.finalizers ?? [];
    const add = this.names().filter((n) => !have.includes(n));
    return add.length ? [...have, ...add] : undefined;
  }

  /** Runs our finalizers on a deleting object; returns the remaining list (ours removed). */
  async finalize(obj: T): Promise<string[]> {
    const have = obj.metadata.finalizers ?? [];
    for (const name of have) {
      const fn = this.entries.get(name);
      if (!fn) continue;
      try {
        await fn(obj);
      } catch (err) {
        throw new OperatorError(OP_ERR.FINALIZER, `finalizer ${name} failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    return have.filter((n) => !this.entries.has(n));
  }

  owns(obj: T): boolean {
    return (obj.metadata.finalizers ?? []).some((n) => this.entries.has(n));
  }
}
