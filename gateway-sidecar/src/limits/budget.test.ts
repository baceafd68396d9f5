import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { GatewayError } from "../errors.js";
import { checkCaps, periodKeys, rollOver, secondsUntilRollover, type BudgetSpec } from "./budget.js";
import { BudgetBook, type ReserveRequest } from "./budget-store.js";
import { StateStore } from "./state-store.js";

const DAY = 86_400_000;
const T0 = Date.parse("2025-01-31T23:00:00Z");
const prices = [
  { provider: "openai", model: "gpt-4o", inputPer1kUSD: 0.005, outputPer1kUSD: 0.015 },
  { provider: "openai", model: "*", inputPer1kUSD: 0.001, outputPer1kUSD: 0.002 },
];

function book(now: { t: number }) {
  return new BudgetBook(
    () => now.t,
    () => undefined,
  );
}

function req(budgets: BudgetSpec[], extra: Partial<ReserveRequest> = {}): ReserveRequest {
  return { provider: "openai", model: "gpt-4o", promptTokens: 100, maxOutputTokens: 400, budgets, prices, ...extra };
}

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof GatewayError) return `${err.code}|${err.message}`;
    throw err;
  }
  return "ok";
}

describe("budget arithmetic", () => {
  it("keys periods by UTC day and month", () => {
    expect(periodKeys(Date.parse("2025-01-31T23:59:59.999Z"))).toEqual({ daily: "2025-01-31", monthly: "2025-01" });
    expect(periodKeys(Date.parse("2025-02-01T00:00:00Z"))).toEqual({ daily: "2025-02-01", monthly: "2025-02" });
  });

  it("rolls daily usage over at UTC midnight and monthly at the month boundary", () => {
    const usage = { daily: { period: "2025-01-31", tokens: 10, costUSD: 1 }, monthly: { period: "2025-01", tokens: 50, costUSD: 5 } };
    expect(rollOver(usage, Date.parse("2025-01-31T12:00:00Z"))).toEqual(usage);
    const nextDay = rollOver({ ...usage, daily: { ...usage.daily, period: "2025-01-30" } }, Date.parse("2025-01-31T00:00:00Z"));
    expect(nextDay.daily.tokens).toBe(0);
    expect(nextDay.monthly.tokens).toBe(50);
    const nextMonth = rollOver(usage, Date.parse("2025-02-01T00:00:00Z"));
    expect(nextMonth.daily).toEqual({ period: "2025-02-01", tokens: 0, costUSD: 0 });
    expect(nextMonth.monthly).toEqual({ period: "2025-02", tokens: 0, costUSD: 0 });
  });

  it("computes Retry-After as the time to the next UTC day or month", () => {
    expect(secondsUntilRollover("daily", Date.parse("2025-01-31T23:59:30Z"))).toBe(30);
    expect(secondsUntilRollover("monthly", Date.parse("2025-01-31T23:00:00Z"))).toBe(3600);
    expect(secondsUntilRollover("monthly", Date.parse("2024-12-31T23:59:59.500Z"))).toBe(1);
  });

  it("reports the first cap broken, daily before monthly", () => {
    const usage = rollOver(undefined, T0);
    const budget: BudgetSpec = { provider: "openai", daily: { tokens: 100 }, monthly: { costUSD: 1 } };
    expect(checkCaps(budget, usage, { tokens: 0, costUSD: 0 }, { tokens: 100, costUSD: 0 })).toBeNull();
    expect(checkCaps(budget, usage, { tokens: 0, costUSD: 0 }, { tokens: 101, costUSD: 0 })).toMatchObject({
      period: "daily",
      unit: "tokens",
      cap: 100,
    });
    expect(checkCaps(budget, usage, { tokens: 0, costUSD: 0.9 }, { tokens: 1, costUSD: 0.2 })).toMatchObject({
      period: "monthly",
      unit: "costUSD",
    });
  });
});

describe("BudgetBook reserve/settle/release", () => {
  it("reserves prompt + max output, counts reservations until settled, then books actual usage", () => {
    const now = { t: T0 };
    const b = book(now);
    const budgets: BudgetSpec[] = [{ provider: "openai", daily: { tokens: 1000 } }];
    const r1 = b.reserve(req(budgets)); // 500 outstanding
    const r2 = b.reserve(req(budgets)); // 1000 outstanding
    expect(refusal(() => b.reserve(req(budgets, { maxOutputTokens: 1 })))).toMatch(
      /^GW_ERR_BUDGET_EXCEEDED\|daily token budget of provider openai exceeded/,
    );
    b.settle(r1, { inputTokens: 90, outputTokens: 10 });
    b.settle(r1, { inputTokens: 90, outputTokens: 10 }); // idempotent
    expect(b.current("openai").daily.tokens).toBe(100);
    b.release(r2);
    expect(b.current("openai").daily.tokens).toBe(100);
    expect(refusal(() => b.reserve(req(budgets, { promptTokens: 450, maxOutputTokens: 450 })))).toBe("ok");
    expect(refusal(() => b.reserve(req(budgets, { promptTokens: 1, maxOutputTokens: 1 })))).toMatch(/GW_ERR_BUDGET_EXCEEDED/);
  });

  it("prices cost caps from the price table, exact model first then the provider default", () => {
    const now = { t: T0 };
    const b = book(now);
    const budgets: BudgetSpec[] = [{ provider: "openai", monthly: { costUSD: 0.01 } }];
    // gpt-4o: 0.1k in × 0.005 + 0.4k out × 0.015 = 0.0065 → fits; a second one would not.
    const r = b.reserve(req(budgets));
    expect(refusal(() => b.reserve(req(budgets)))).toMatch(/monthly cost \(USD\) budget of provider openai exceeded/);
    b.settle(r, { inputTokens: 1000, outputTokens: 0 }); // 0.005
    expect(b.current("openai").monthly.costUSD).toBeCloseTo(0.005, 10);
    // Unknown model → "*" price: 0.1 × 0.001 + 0.4 × 0.002 = 0.0009 → fits.
    expect(refusal(() => b.reserve(req(budgets, { model: "gpt-4.1-mini" })))).toBe("ok");
  });

  it("refuses when a cost cap exists but nothing prices the model", () => {
    const b = book({ t: T0 });
    const budgets: BudgetSpec[] = [{ provider: "anthropic", daily: { costUSD: 5 } }];
    expect(refusal(() => b.reserve(req(budgets, { provider: "anthropic", model: "claude" })))).toMatch(/^GW_ERR_BUDGET_UNPRICED/);
    expect(
      refusal(() => b.reserve(req([{ provider: "anthropic", daily: { tokens: 5000 } }], { provider: "anthropic", model: "claude" }))),
    ).toBe("ok");
  });

  it("an exhausted daily budget comes back the next UTC day; the monthly one does not", () => {
    const now = { t: Date.parse("2025-03-10T23:59:00Z") };
    const b = book(now);
    const budgets: BudgetSpec[] = [{ provider: "openai", daily: { tokens: 600 }, monthly: { tokens: 1100 } }];
    b.settle(b.reserve(req(budgets)), { inputTokens: 100, outputTokens: 400 });
    expect(refusal(() => b.reserve(req(budgets)))).toMatch(/daily token budget/);
    now.t += 2 * 60_000;
    b.settle(b.reserve(req(budgets)), { inputTokens: 100, outputTokens: 400 });
    now.t += DAY;
    expect(refusal(() => b.reserve(req(budgets)))).toMatch(/monthly token budget/);
    now.t = Date.parse("2025-04-01T00:00:00Z");
    expect(refusal(() => b.reserve(req(budgets)))).toBe("ok");
  });
});

describe("StateStore persistence", () => {
  const logger = pino({ level: "silent" });

  it("persists budgets, buckets and the policy high-water mark atomically and reloads them", async () => {
    const dir = mkdtempSync(join(tmpdir(), "gw-state-"));
    const path = join(dir, "state.json");
    const now = () => T0;
    const s1 = new StateStore({ path, flushDelayMs: 10_000, now, logger, onBudgetChange: () => undefined });
    s1.budgets.settle(s1.budgets.reserve(req([])), { inputTokens: 7, outputTokens: 5 });
    s1.rate.take("agent-a", T0, { requestsPerMinute: 1 });
    s1.notePolicy(4, "a".repeat(64));
    await s1.flush();
    const onDisk = JSON.parse(readFileSync(path, "utf8")) as { budgets: Record<string, { daily: { tokens: number } }> };
    expect(onDisk.budgets.openai?.daily.tokens).toBe(12);

    const seen: string[] = [];
    const s2 = new StateStore({ path, flushDelayMs: 10_000, now, logger, onBudgetChange: (p) => seen.push(p) });
    expect(s2.budgets.current("openai").daily.tokens).toBe(12);
    expect(s2.rate.take("agent-a", T0, { requestsPerMinute: 1 }).allowed).toBe(false);
    expect(s2.policyHighWater).toEqual({ version: 4, digest: "a".repeat(64) });
    expect(seen).toEqual(["openai"]);
  });

  it("debounces writes and refuses to start from a corrupt state file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "gw-state-"));
    const path = join(dir, "state.json");
    const s = new StateStore({ path, flushDelayMs: 20, now: () => T0, logger, onBudgetChange: () => undefined });
    s.notePolicy(2, "b".repeat(64));
    s.notePolicy(3, "c".repeat(64));
    await new Promise((r) => setTimeout(r, 80));
    expect((JSON.parse(readFileSync(path, "utf8")) as { policy: { highestVersion: number } }).policy.highestVersion).toBe(3);
    writeFileSync(path, "{ torn");
    expect(() => new StateStore({ path, flushDelayMs: 20, now: () => T0, logger, onBudgetChange: () => undefined })).toThrow(
      /GW_ERR_STATE_CORRUPT|not valid JSON/,
    );
  });
});
