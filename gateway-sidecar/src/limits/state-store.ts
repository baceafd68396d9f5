import type { Logger } from "pino";
import { GatewayError } from "../errors.js";
import type { ProviderUsage } from "./budget.js";
import { BudgetBook } from "./budget-store.js";
import { readStateFile, writeStateFileAtomic, type PersistedState } from "./state-file.js";
import { RateLimiter } from "./token-bucket.js";

export interface StateStoreOptions {
  /** undefined: counters live in memory only (they do not survive a restart) */
  path: string | undefined;
  flushDelayMs: number;
  now: () => number;
  logger: Logger;
  onBudgetChange: (provider: string, usage: ProviderUsage) => void;
}

/**
 * Everything the sidecar must remember across restarts: budget counters, rate-limit buckets and
 * the highest policy version applied (so a restart cannot be used to roll the policy back).
 * Writes are debounced and serialized; close() flushes.
 */
export class StateStore {
  readonly budgets: BudgetBook;
  readonly rate = new RateLimiter();
  private highestPolicyVersion = 0;
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> | null = null;
  private dirty = false;

  constructor(private readonly opts: StateStoreOptions) {
    this.budgets = new BudgetBook(opts.now, (provider, usage) => {
      opts.onBudgetChange(provider, usage);
      this.markDirty();
    });
    const loaded = opts.path === undefined ? null : readStateFile(opts.path);
    if (loaded !== null) {
      this.budgets.restore(loaded.budgets);
      this.rate.restore(loaded.rate);
      this.highestPolicyVersion = loaded.policy.highestVersion;
      for (const provider of Object.keys(loaded.budgets)) opts.onBudgetChange(provider, this.budgets.current(provider));
    }
  }

  get policyHighWater(): number {
    return this.highestPolicyVersion;
  }

  notePolicyVersion(version: number): void {
    if (version <= this.highestPolicyVersion) return;
    this.highestPolicyVersion = version;
    this.markDirty();
  }

  markDirty(): void {
    this.dirty = true;
    if (this.opts.path === undefined || this.timer !== null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, this.opts.flushDelayMs);
    this.timer.unref();
  }

  /** Writes now if anything changed; concurrent callers share the write in progress. */
  async flush(): Promise<void> {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    while (this.writing !== null) await this.writing;
    const path = this.opts.path;
    if (!this.dirty || path === undefined) return;
    this.dirty = false;
    this.writing = writeStateFileAtomic(path, this.snapshot())
      .catch((err: unknown) => {
        this.dirty = true;
        const e = new GatewayError("GW_ERR_STATE_WRITE", `cannot persist state to ${path}`, { cause: err });
        this.opts.logger.error({ code: e.code, err: String(err) }, e.message);
      })
      .finally(() => {
        this.writing = null;
      });
    await this.writing;
  }

  snapshot(): PersistedState {
    return {
      schema: 1,
      savedAt: new Date(this.opts.now()).toISOString(),
      budgets: this.budgets.snapshot(),
      rate: this.rate.snapshot(),
      policy: { highestVersion: this.highestPolicyVersion },
    };
  }
}
