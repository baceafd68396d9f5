import type { Logger } from "pino";
import { GatewayError } from "../errors.js";
import type { Amount, ProviderUsage } from "./budget.js";
import { BudgetBook } from "./budget-store.js";
import { Journal, type JournalInput } from "./journal.js";
import { readStateFile, writeStateFileAtomic, type JournalEntry, type PersistedState } from "./state-file.js";
import { RateLimiter } from "./token-bucket.js";

export interface StateStoreOptions {
  /** undefined: counters live in memory only (they do not survive a restart) */
  path: string | undefined;
  flushDelayMs: number;
  now: () => number;
  logger: Logger;
  onBudgetChange: (provider: string, usage: ProviderUsage) => void;
}

/** The newest policy ever applied: a restart must not accept an older one, nor other content under the same version. */
export interface PolicyHighWater {
  version: number;
  /** sha256 of the canonical payload; undefined for state written before digests were recorded */
  digest: string | undefined;
}

/**
 * Everything the sidecar must remember across restarts: budget counters, rate-limit buckets and
 * the policy high-water mark. Settled spend and applied policies go to an fsync'd journal at once
 * (they must survive kill -9); the whole snapshot is written debounced and then compacts the journal.
 */
export class StateStore {
  readonly budgets: BudgetBook;
  readonly rate = new RateLimiter();
  private highWater: PolicyHighWater = { version: 0, digest: undefined };
  private readonly journal: Journal | null = null;
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> | null = null;
  private dirty = false;

  constructor(private readonly opts: StateStoreOptions) {
    this.budgets = new BudgetBook(opts.now, (provider, usage, delta) => {
      opts.onBudgetChange(provider, usage);
      this.journalSettle(provider, usage, delta);
      this.markDirty();
    });
    if (opts.path === undefined) return;
    const loaded = readStateFile(opts.path);
    if (loaded !== null) {
      this.budgets.restore(loaded.budgets);
      this.rate.restore(loaded.rate);
      this.highWater = { version: loaded.policy.highestVersion, digest: loaded.policy.digest };
    }
    const { journal, replay } = Journal.open(journalPath(opts.path), loaded?.journalSeq ?? 0);
    this.journal = journal;
    for (const entry of replay) this.replay(entry);
    if (replay.length > 0) this.markDirty();
    for (const provider of Object.keys(this.budgets.snapshot())) opts.onBudgetChange(provider, this.budgets.current(provider));
  }

  get policyHighWater(): PolicyHighWater {
    return this.highWater;
  }

  /** Durable before it returns when a state file is configured (a crash right after applying must not lower the floor). */
  notePolicy(version: number, digest: string): void {
    const hw = this.highWater;
    if (version < hw.version || (version === hw.version && digest === hw.digest)) return;
    this.highWater = { version, digest };
    this.append({ k: "policy", version, digest });
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
    const snapshot = this.snapshot();
    this.writing = writeStateFileAtomic(path, snapshot)
      .then(() => {
        this.journal?.compact(snapshot.journalSeq ?? 0);
      })
      .catch((err: unknown) => {
        this.dirty = true;
        this.writeError(err);
      })
      .finally(() => {
        this.writing = null;
      });
    await this.writing;
  }

  /** Final flush, then releases the journal file. */
  async close(): Promise<void> {
    await this.flush();
    this.journal?.close();
  }

  snapshot(): PersistedState {
    const policy =
      this.highWater.digest === undefined
        ? { highestVersion: this.highWater.version }
        : {
            highestVersion: this.highWater.version,
            digest: this.highWater.digest,
          };
    return {
      schema: 1,
      savedAt: new Date(this.opts.now()).toISOString(),
      budgets: this.budgets.snapshot(),
      rate: this.rate.snapshot(),
      policy,
      journalSeq: this.journal?.lastSeq ?? 0,
    };
  }

  private journalSettle(provider: string, usage: ProviderUsage, delta: Amount): void {
    if (delta.tokens === 0 && delta.costUSD === 0) return;
    this.append({ k: "settle", provider, daily: usage.daily.period, monthly: usage.monthly.period, ...delta });
  }

  private append(entry: JournalInput): void {
    if (this.journal === null) return;
    try {
      this.journal.append(entry);
    } catch (err) {
      // The spend stays in memory and in the next snapshot; only its crash-safety is degraded.
      this.writeError(err);
    }
  }

  private replay(entry: JournalEntry): void {
    if (entry.k === "settle") {
      this.budgets.replay(entry.provider, { daily: entry.daily, monthly: entry.monthly }, entry);
      return;
    }
    if (entry.version >= this.highWater.version) this.highWater = { version: entry.version, digest: entry.digest };
  }

  private writeError(err: unknown): void {
    const e = new GatewayError("GW_ERR_STATE_WRITE", `cannot persist state to ${this.opts.path ?? "(memory)"}`, { cause: err });
    this.opts.logger.error({ code: e.code, err: String(err) }, e.message);
  }
}

export function journalPath(statePath: string): string {
  return `${statePath}.journal`;
}
