import type { GatewayPolicySpec } from "@aispm/api";

/** Pure budget arithmetic: UTC periods, roll-over and cap checks. */
export type PeriodName = "daily" | "monthly";
export type CapUnit = "tokens" | "costUSD";
export type BudgetSpec = NonNullable<GatewayPolicySpec["budgets"]>[number];

export interface Amount {
  tokens: number;
  costUSD: number;
}

export interface PeriodUsage extends Amount {
  /** "YYYY-MM-DD" for daily, "YYYY-MM" for monthly, UTC */
  period: string;
}

export interface ProviderUsage {
  daily: PeriodUsage;
  monthly: PeriodUsage;
}

export interface CapViolation {
  provider: string;
  period: PeriodName;
  unit: CapUnit;
  cap: number;
  /** settled plus outstanding reservations */
  committed: number;
  requested: number;
}

export const ZERO: Amount = { tokens: 0, costUSD: 0 };

export function periodKeys(nowMs: number): Record<PeriodName, string> {
  const iso = new Date(nowMs).toISOString();
  return { daily: iso.slice(0, 10), monthly: iso.slice(0, 7) };
}

/** Usage for the current periods: a stored period that is not the current one starts again from zero. */
export function rollOver(usage: ProviderUsage | undefined, nowMs: number): ProviderUsage {
  const keys = periodKeys(nowMs);
  const fresh = (period: string): PeriodUsage => ({ period, tokens: 0, costUSD: 0 });
  if (usage === undefined) return { daily: fresh(keys.daily), monthly: fresh(keys.monthly) };
  return {
    daily: usage.daily.period === keys.daily ? usage.daily : fresh(keys.daily),
    monthly: usage.monthly.period === keys.monthly ? usage.monthly : fresh(keys.monthly),
  };
}

export function addAmount(usage: ProviderUsage, amount: Amount): ProviderUsage {
  const add = (p: PeriodUsage): PeriodUsage => ({
    period: p.period,
    tokens: p.tokens + amount.tokens,
    costUSD: p.costUSD + amount.costUSD,
  });
  return { daily: add(usage.daily), monthly: add(usage.monthly) };
}

export function sumAmounts(a: Amount, b: Amount): Amount {
  return { tokens: a.tokens + b.tokens, costUSD: a.costUSD + b.costUSD };
}

/**
 * First cap the request would break if it used everything it reserved, or null. Checked daily
 * before monthly and tokens before cost, so the message names the tightest, most common cap.
 */
export function checkCaps(budget: BudgetSpec | undefined, usage: ProviderUsage, outstanding: Amount, want: Amount): CapViolation | null {
  if (budget === undefined) return null;
  for (const period of ["daily", "monthly"] as const) {
    const caps = budget[period];
    if (caps === undefined) continue;
    for (const unit of ["tokens", "costUSD"] as const) {
      const cap = caps[unit];
      if (cap === undefined) continue;
      const committed = usage[period][unit] + outstanding[unit];
      if (committed + want[unit] > cap) return { provider: budget.provider, period, unit, cap, committed, requested: want[unit] };
    }
  }
  return null;
}

/** Seconds until the period containing `nowMs` rolls over (UTC), for Retry-After. */
export function secondsUntilRollover(period: PeriodName, nowMs: number): number {
  const d = new Date(nowMs);
  const next =
    period === "daily"
      ? Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1)
      : Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  return Math.max(1, Math.ceil((next - nowMs) / 1000));
}

export function hasCostCap(budget: BudgetSpec | undefined): boolean {
  return budget?.daily?.costUSD !== undefined || budget?.monthly?.costUSD !== undefined;
}

/**
 * Adds spend booked in the given periods (journal replay): a stored period older than the entry's
 * starts again from the entry; an entry older than the stored period was already rolled over.
 */
export function addInPeriods(usage: ProviderUsage | undefined, keys: Record<PeriodName, string>, amount: Amount): ProviderUsage {
  const one = (p: PeriodUsage | undefined, key: string): PeriodUsage => {
    if (p === undefined || p.period < key) return { period: key, tokens: amount.tokens, costUSD: amount.costUSD };
    if (p.period > key) return p;
    return { period: key, tokens: p.tokens + amount.tokens, costUSD: p.costUSD + amount.costUSD };
  };
  return { daily: one(usage?.daily, keys.daily), monthly: one(usage?.monthly, keys.monthly) };
}
