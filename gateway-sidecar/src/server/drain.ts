import { GatewayError } from "../errors.js";

/** Tracks in-flight proxied requests so shutdown can wait for them (streams included) and then cut the rest. */
export class Drain {
  private readonly inflight = new Set<AbortController>();
  private waiters: (() => void)[] = [];
  private isDraining = false;

  get draining(): boolean {
    return this.isDraining;
  }

  get count(): number {
    return this.inflight.size;
  }

  enter(): AbortController {
    if (this.isDraining) throw new GatewayError("GW_ERR_SHUTTING_DOWN", "gateway is shutting down");
    const ac = new AbortController();
    this.inflight.add(ac);
    return ac;
  }

  leave(ac: AbortController): void {
    this.inflight.delete(ac);
    if (this.inflight.size === 0) {
      const waiters = this.waiters;
      this.waiters = [];
      for (const w of waiters) w();
    }
  }

  /** Stops admitting requests. */
  begin(): void {
    this.isDraining = true;
  }

  /** Resolves true once nothing is in flight, false if `deadlineMs` passes first. */
  wait(deadlineMs: number): Promise<boolean> {
    if (this.inflight.size === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        resolve(false);
      }, deadlineMs);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  abortAll(): void {
    for (const ac of this.inflight) ac.abort(new GatewayError("GW_ERR_SHUTTING_DOWN", "gateway shutdown deadline reached"));
  }
}
