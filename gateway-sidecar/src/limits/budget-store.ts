import { GatewayError } from "../errors.js";
import type { Usage } from "../dialects/common/types.js";
import {
  addAmount,
  addInPeriods,
  checkCaps,
  hasCostCap,
  rollOver,
  secondsUntilRollover,
  sumAmounts,
  ZERO,
  type Amount,
  type BudgetSpec,
  type PeriodName,
  type ProviderUsage,
} from "./budget.js";
import { costOf, findPrice, type Price } from "./pricing.js";

export interface ReserveRequest {
  provider: string;
  model: string;
  promptTokens: number;
  maxOutputTokens: number;
  budgets: readonly BudgetSpec[] | undefined;
  prices: readonly Price[] | undefined;
}

/** Budget held for one in-flight request; settled from reported usage or released on failure. */
export interface Reservation {
  readonly provider: string;
  readonly amount: Amount;
  readonly price: Price | undefined;
  done: boolean;
}

const UNIT_LABEL = { tokens: "token", costUSD: "cost (USD)" } as const;

/** Reservation sizes must be whole and non-negative; anything else is a malformed request. */
function wholeTokens(n: number, what: string): number {
  if (!Number.isSafeInteger(n) || n < 0) throw new GatewayError("GW_ERR_BAD_REQUEST", `${what} must be a non-negative integer`);
  return n;
}

/**
 * Budget counters per provider. Settled usage is the persisted truth; reservations live only in
 * memory (a restart forgets requests that never finished, which errs towards spending less).
 */
export class BudgetBook {
  private usage = new Map<string, ProviderUsage>();
  private readonly outstanding = new Map<string, Amount>();

  constructor(
    private readonly now: () => number,
    /** `delta` is what was just settled; the state store journals it before the response goes out */
    private readonly onChange: (provider: string, usage: ProviderUsage, delta: Amount) => void,
  ) {}

  restore(snapshot: Record<string, ProviderUsage>): void {
    this.usage = new Map(Object.entries(snapshot));
  }

  snapshot(): Record<string, ProviderUsage> {
    const out: Record<string, ProviderUsage> = {};
    for (const [provider, u] of this.usage) out[provider] = rollOver(u, this.now());
    return out;
  }

  /** Re-applies spend from the journal (no onChange: it is already durable). */
  replay(provider: string, keys: Record<PeriodName, string>, amount: Amount): void {
    this.usage.set(provider, addInPeriods(this.usage.get(provider), keys, amount));
  }

  current(provider: string): ProviderUsage {
    return rollOver(this.usage.get(provider), this.now());
  }

  reserve(req: ReserveRequest): Reservation {
    const budget = req.budgets?.find((b) => b.provider === req.provider);
    const price = findPrice(req.prices, req.provider, req.model);
    if (price === undefined && hasCostCap(budget)) {
      throw new GatewayError(
        "GW_ERR_BUDGET_UNPRICED",
        `provider ${req.provider} has a cost cap but model "${req.model}" has no price (add it or a "*" entry to prices)`,
      );
    }
    // A negative or fractional size would shrink what is committed and let later requests through.
    const promptTokens = wholeTokens(req.promptTokens, "prompt estimate");
    const maxOutputTokens = wholeTokens(req.maxOutputTokens, "maximum output tokens");
    const amount: Amount = {
      tokens: promptTokens + maxOutputTokens,
      costUSD: costOf(price, promptTokens, maxOutputTokens),
    };
    const outstanding = this.outstanding.get(req.provider) ?? ZERO;
    const violation = checkCaps(budget, this.current(req.provider), outstanding, amount);
    if (violation !== null) {
      const fmt = (n: number) => (violation.unit === "tokens" ? String(Math.round(n)) : n.toFixed(4));
      throw new GatewayError(
        "GW_ERR_BUDGET_EXCEEDED",
        `${violation.period} ${UNIT_LABEL[violation.unit]} budget of provider ${violation.provider} exceeded: ` +
          `cap ${fmt(violation.cap)}, committed ${fmt(violation.committed)}, this request may use ${fmt(violation.requested)}`,
        {
          detectors: [`budget:${violation.provider}:${violation.period}:${violation.unit}`],
          retryAfterSec: secondsUntilRollover(violation.period, this.now()),
        },
      );
    }
    this.outstanding.set(req.provider, sumAmounts(outstanding, amount));
    return { provider: req.provider, amount, price, done: false };
  }

  /** Books what the request actually used (never more than once) and frees its reservation. */
  settle(res: Reservation, used: Usage): void {
    if (res.done) return;
    this.unreserve(res);
    // Upstream-reported usage is not trusted to be sane either: spend never goes down.
    const input = Number.isFinite(used.inputTokens) ? Math.max(0, used.inputTokens) : 0;
    const output = Number.isFinite(used.outputTokens) ? Math.max(0, used.outputTokens) : 0;
    const amount = { tokens: input + output, costUSD: costOf(res.price, input, output) };
    const next = addAmount(this.current(res.provider), amount);
    this.usage.set(res.provider, next);
    this.onChange(res.provider, next, amount);
  }

  release(res: Reservation): void {
    if (res.done) return;
    this.unreserve(res);
  }

  private unreserve(res: Reservation): void {
    res.done = true;
    const o = this.outstanding.get(res.provider) ?? ZERO;
    const left = { tokens: Math.max(0, o.tokens - res.amount.tokens), costUSD: Math.max(0, o.costUSD - res.amount.costUSD) };
    if (left.tokens === 0 && left.costUSD === 0) this.outstanding.delete(res.provider);
    else this.outstanding.set(res.provider, left);
  }
}
