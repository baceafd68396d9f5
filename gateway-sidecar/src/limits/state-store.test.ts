import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { GatewayError } from "../errors.js";
import { checkOutputLimits } from "./output-limits.js";
import { journalPath, StateStore } from "./state-store.js";

const T0 = Date.parse("2025-03-10T12:00:00Z");
const logger = pino({ level: "silent" });
const open = (path: string, now = () => T0) => new StateStore({ path, flushDelayMs: 60_000, now, logger, onBudgetChange: () => undefined });
const reserve = (s: StateStore, maxOutputTokens = 10) =>
  s.budgets.reserve({ provider: "openai", model: "m", promptTokens: 1, maxOutputTokens, budgets: undefined, prices: undefined });

function code(fn: () => void): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof GatewayError) return `${err.code}: ${err.message}`;
    throw err;
  }
  return "ok";
}

describe("state journal", () => {
  it("makes settled spend durable without a flush (what a kill -9 leaves behind is replayed)", () => {
    const path = join(mkdtempSync(join(tmpdir(), "gw-journal-")), "state.json");
    const s1 = open(path);
    s1.budgets.settle(reserve(s1), { inputTokens: 30, outputTokens: 12 });
    s1.notePolicy(7, "d".repeat(64));
    // no flush, no close: the process "died" here
    const s2 = open(path);
    expect(s2.budgets.current("openai").daily.tokens).toBe(42);
    expect(s2.policyHighWater).toEqual({ version: 7, digest: "d".repeat(64) });
  });

  it("compacts the journal once a snapshot is durable and never counts an entry twice", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "gw-journal-")), "state.json");
    const s1 = open(path);
    s1.budgets.settle(reserve(s1), { inputTokens: 5, outputTokens: 5 });
    await s1.flush();
    expect(readFileSync(journalPath(path), "utf8")).toBe("");
    s1.budgets.settle(reserve(s1), { inputTokens: 1, outputTokens: 1 });
    const s2 = open(path);
    expect(s2.budgets.current("openai").daily.tokens).toBe(12);
    await s2.close();
    expect(open(path).budgets.current("openai").daily.tokens).toBe(12);
  });

  it("drops a torn last line but refuses a damaged complete one", () => {
    const path = join(mkdtempSync(join(tmpdir(), "gw-journal-")), "state.json");
    const s1 = open(path);
    s1.budgets.settle(reserve(s1), { inputTokens: 2, outputTokens: 2 });
    appendFileSync(journalPath(path), '{"k":"settle","seq":2,"prov');
    expect(open(path).budgets.current("openai").daily.tokens).toBe(4);
    appendFileSync(journalPath(path), '{"k":"settle","seq":3}\n');
    expect(code(() => open(path))).toMatch(/^GW_ERR_STATE_CORRUPT: .*line 2 is invalid at provider/);
  });
});

describe("state file validation", () => {
  const valid = {
    schema: 1,
    budgets: { openai: { daily: { period: "2025-03-10", tokens: 1, costUSD: 0 }, monthly: { period: "2025-03", tokens: 1, costUSD: 0 } } },
    rate: {},
    policy: { highestVersion: 3 },
  };
  it.each([
    ["schema only", { schema: 1 }, /at budgets: /],
    [
      "garbage period",
      { ...valid, budgets: { openai: { ...valid.budgets.openai, daily: { period: "garbage", tokens: 1, costUSD: 0 } } } },
      /at budgets\.openai\.daily\.period: must be YYYY-MM-DD/,
    ],
    [
      "negative spend",
      { ...valid, budgets: { openai: { ...valid.budgets.openai, monthly: { period: "2025-03", tokens: -5, costUSD: 0 } } } },
      /at budgets\.openai\.monthly\.tokens/,
    ],
    ["no high-water mark", { ...valid, policy: undefined }, /at policy: /],
    ["unknown field", { ...valid, extra: true }, /at \(root\): /],
  ])("refuses to start from a valid-JSON but invalid state file: %s", (_name, content, message) => {
    const path = join(mkdtempSync(join(tmpdir(), "gw-state-")), "state.json");
    writeFileSync(path, JSON.stringify(content));
    expect(code(() => open(path))).toMatch(new RegExp(`^GW_ERR_STATE_CORRUPT: .*${message.source}`));
  });

  it("accepts a complete file written before digests and journals were recorded", () => {
    const path = join(mkdtempSync(join(tmpdir(), "gw-state-")), "state.json");
    writeFileSync(path, JSON.stringify(valid));
    const s = open(path);
    expect(s.policyHighWater).toEqual({ version: 3, digest: undefined });
    expect(s.budgets.current("openai").daily.tokens).toBe(1);
  });
});

describe("reservation sizes", () => {
  it("refuses negative or fractional output limits and never reserves a negative amount", () => {
    expect(
      code(() => {
        checkOutputLimits({ max_tokens: -1_000_000 });
      }),
    ).toMatch(/^GW_ERR_BAD_REQUEST: max_tokens/);
    expect(
      code(() => {
        checkOutputLimits({ max_completion_tokens: 1.5 });
      }),
    ).toMatch(/max_completion_tokens/);
    expect(
      code(() => {
        checkOutputLimits({ max_output_tokens: "9" });
      }),
    ).toMatch(/max_output_tokens/);
    expect(
      code(() => {
        checkOutputLimits({ n: 0 });
      }),
    ).toMatch(/^GW_ERR_BAD_REQUEST: n must/);
    expect(
      code(() => {
        checkOutputLimits({ max_tokens: 0, n: 2, best_of: null });
      }),
    ).toBe("ok");
    const s = new StateStore({ path: undefined, flushDelayMs: 1, now: () => T0, logger, onBudgetChange: () => undefined });
    expect(code(() => reserve(s, -1_000_000))).toMatch(/^GW_ERR_BAD_REQUEST/);
    expect(code(() => reserve(s, 0.5))).toMatch(/^GW_ERR_BAD_REQUEST/);
  });
});
