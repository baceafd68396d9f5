import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postJson, postStream, startHarness, type Harness } from "./helpers/harness.js";

const chat = (text: string) => ({ model: "gpt-4o", max_tokens: 50, messages: [{ role: "user", content: text }] });
const anth = (text: string) => ({ model: "claude-sonnet-4-5", max_tokens: 64, messages: [{ role: "user", content: text }] });

describe("budgets over real HTTP", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      policy: {
        podSelector: {},
        budgets: [
          { provider: "openai", daily: { tokens: 440 } },
          { provider: "anthropic", monthly: { costUSD: 0.45 } },
        ],
        prices: [{ provider: "anthropic", model: "*", inputPer1kUSD: 1, outputPer1kUSD: 1 }],
      },
    });
  });
  afterAll(async () => {
    await h.close();
  });

  it("releases the reservation when the upstream fails", async () => {
    h.upstream.script = () => ({ status: 500 });
    const res = await postJson(h.url("/v1/chat/completions"), chat("hello"));
    expect(res.status).toBe(500);
    expect(h.gw.ctx.state.budgets.current("openai").daily.tokens).toBe(0);
  });

  it("settles from reported usage (JSON and the final SSE chunk), then refuses with 429 naming provider and cap", async () => {
    h.upstream.script = () => ({ usage: { input: 100, output: 100 } });
    expect((await postJson(h.url("/v1/chat/completions"), chat("hello"))).status).toBe(200);
    expect(h.gw.ctx.state.budgets.current("openai").daily.tokens).toBe(200);
    // Streamed: the gateway asks the upstream for a usage chunk and settles from it.
    const streamed = await postStream(h.url("/v1/chat/completions"), { ...chat("hello"), stream: true });
    expect(streamed.events.at(-1)?.data).toBe("[DONE]");
    expect(h.gw.ctx.state.budgets.current("openai").daily.tokens).toBe(400);
    const refused = await postJson(h.url("/v1/chat/completions"), chat("hello"));
    expect(refused.status).toBe(429);
    expect(refused.body.error).toMatchObject({
      code: "GW_ERR_BUDGET_EXCEEDED",
      type: "budget_exceeded",
      detectors: ["budget:openai:daily:tokens"],
    });
    expect((refused.body.error as { message: string }).message).toMatch(
      /daily token budget of provider openai exceeded: cap 440, committed 400/,
    );
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(86_400);
  });

  it("prices a cost cap from the policy's price table", async () => {
    h.upstream.script = () => ({ usage: { input: 100, output: 100 } }); // 0.2 USD each
    expect((await postJson(h.url("/v1/messages"), anth("a"))).status).toBe(200);
    const s = await postStream(h.url("/v1/messages"), { ...anth("b"), stream: true });
    expect(s.events.at(-1)?.event).toBe("message_stop");
    expect(h.gw.ctx.state.budgets.current("anthropic").monthly.costUSD).toBeCloseTo(0.4, 6);
    const refused = await postJson(h.url("/v1/messages"), anth("c"));
    expect(refused.status).toBe(429);
    expect((refused.body.error as { message: string }).message).toMatch(/monthly cost \(USD\) budget of provider anthropic exceeded/);
  });

  it("keeps budgets across a restart: a new gateway instance on the same state file still refuses", async () => {
    await h.restart();
    expect(existsSync(join(h.dir, "state.json"))).toBe(true);
    const state = JSON.parse(readFileSync(join(h.dir, "state.json"), "utf8")) as { budgets: Record<string, { daily: { tokens: number } }> };
    expect(state.budgets.openai?.daily.tokens).toBe(400);
    h.upstream.script = () => ({ usage: { input: 100, output: 100 } });
    const refused = await postJson(h.url("/v1/chat/completions"), chat("hello"));
    expect(refused.status).toBe(429);
    expect((refused.body.error as { code: string }).code).toBe("GW_ERR_BUDGET_EXCEEDED");
    const metrics = await (await fetch(h.url("/metrics"))).text();
    expect(metrics).toContain('aispm_gateway_budget_used{provider="openai",period="daily",unit="tokens"} 400');
  });
});

describe("rate limits over real HTTP", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ policy: { podSelector: {}, rateLimits: { agentHeader: "x-agent-id", requestsPerMinute: 2 } } });
  });
  afterAll(async () => {
    await h.close();
  });

  // Changed with the rate-limit identity fix: agent ids the policy does not declare (the schema
  // declares none yet) share the pod's service-account bucket, and no identity is echoed.
  it("refuses over requests per minute with 429 and Retry-After; undeclared agent ids share one bucket", async () => {
    const a = { "x-agent-id": "agent-a" };
    expect((await postJson(h.url("/v1/chat/completions"), chat("1"), a)).status).toBe(200);
    expect((await postJson(h.url("/v1/chat/completions"), chat("2"), a)).status).toBe(200);
    const limited = await postJson(h.url("/v1/chat/completions"), chat("3"), a);
    expect(limited.status).toBe(429);
    expect(limited.body.error).toMatchObject({ code: "GW_ERR_RATE_LIMITED", type: "rate_limit_error" });
    expect((limited.body.error as { message: string }).message).not.toContain("agent-a");
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(30);
    expect((await postJson(h.url("/v1/chat/completions"), chat("4"), { "x-agent-id": "agent-b" })).status).toBe(429);
  });

  it("uses the same service-account bucket without the agent header, and limits survive a restart", async () => {
    expect((await postJson(h.url("/v1/messages"), anth("1"))).status).toBe(429);
    await h.restart();
    const after = await postJson(h.url("/v1/messages"), anth("4"));
    expect(after.status).toBe(429);
    expect((after.body.error as { code: string }).code).toBe("GW_ERR_RATE_LIMITED");
  });
});
