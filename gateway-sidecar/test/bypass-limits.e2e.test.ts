import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { makeConfig } from "../src/config.js";
import { StateStore } from "../src/limits/state-store.js";
import { startGateway } from "../src/main.js";
import { DeterministicUpstream } from "./deterministic-upstream.js";
import { bundleText } from "./helpers/bundles.js";
import { closeServer, rawUpstream } from "./helpers/bespoke-upstream.js";
import { BASE_POLICY, LogSink, postJson, REDACT_SECRET, startHarness, waitFor } from "./helpers/harness.js";

const chat = (text: string, extra: Record<string, unknown> = {}) => ({
  model: "gpt-4o",
  max_tokens: 16,
  messages: [{ role: "user", content: text }],
  ...extra,
});
const errorOf = (body: Record<string, unknown>) => body.error as { code: string; message: string; detectors: string[] };

describe("item 6: no tool name or agent value in error bodies or logs", () => {
  it("refuses an unlisted tool (request and response side) without echoing its name or the agent id", async () => {
    const h = await startHarness();
    try {
      const agent = { "x-aispm-agent": "agent-7f3a-secret-id" };
      const declared = chat("hi", { tools: [{ type: "function", function: { name: "exfiltrate_payroll" } }] });
      const refused = await postJson(h.url("/v1/chat/completions"), declared, agent);
      expect(refused.status).toBe(403);
      expect(errorOf(refused.body)).toMatchObject({ code: "GW_ERR_TOOL_NOT_ALLOWED", detectors: ["tool-allowlist"] });
      h.upstream.script = () => ({ text: "", toolCalls: [{ name: "model_picked_wipe_disk", arguments: "{}" }] });
      const called = await postJson(h.url("/v1/chat/completions"), chat("weather?"), agent);
      expect(called.status).toBe(502);
      expect(errorOf(called.body).code).toBe("GW_ERR_TOOL_CALL_BLOCKED");
      h.upstream.script = () => ({});
      // A redaction is audited with the agent field: it must be a keyed hash, not the header value.
      expect((await postJson(h.url("/v1/chat/completions"), chat(`token ${REDACT_SECRET}`), agent)).status).toBe(200);
      expect(h.logs.text).toMatch(/"agent":"h:[0-9a-f]{16}"/);
      const visible = `${JSON.stringify(refused.body)}${JSON.stringify(called.body)}${h.logs.text}`;
      for (const needle of ["exfiltrate_payroll", "model_picked_wipe_disk", "agent-7f3a-secret-id"]) expect(visible).not.toContain(needle);
    } finally {
      await h.close();
    }
  });
});

describe("item 7: rate-limit identity is not chosen by the client", () => {
  it("a fresh x-aispm-agent per request does not get a fresh bucket", async () => {
    const h = await startHarness({ policy: { podSelector: {}, rateLimits: { requestsPerMinute: 5 } } });
    try {
      let ok = 0;
      for (let i = 0; i < 20; i++) {
        const res = await postJson(h.url("/v1/chat/completions"), chat(`r${i}`), { "x-aispm-agent": `agent-${i}` });
        if (res.status === 200) ok++;
        else expect(errorOf(res.body).code).toBe("GW_ERR_RATE_LIMITED");
      }
      expect(ok).toBe(5);
    } finally {
      await h.close();
    }
  });
});

describe("item 8: budgets", () => {
  it("refuses a negative or fractional max_tokens with 400 and never lets the cap be passed", async () => {
    const h = await startHarness({ policy: { podSelector: {}, budgets: [{ provider: "openai", daily: { tokens: 9 * 40 } }] } });
    try {
      h.upstream.script = () => ({ usage: { input: 20, output: 20 } });
      const before = h.upstream.requests.length;
      for (const max_tokens of [-1_000_000, 1.5, "9"]) {
        const res = await postJson(h.url("/v1/chat/completions"), chat("x", { max_tokens }));
        expect(res.status, String(max_tokens)).toBe(400);
        expect(errorOf(res.body)).toMatchObject({ code: "GW_ERR_BAD_REQUEST", message: "max_tokens must be a non-negative integer" });
      }
      const completions = await postJson(h.url("/v1/completions"), { model: "m", prompt: "x", max_tokens: 5, n: -3 });
      expect(completions.status).toBe(400);
      expect(h.upstream.requests.length).toBe(before);
      let ok = 0;
      for (let i = 0; i < 20; i++) if ((await postJson(h.url("/v1/chat/completions"), chat("x", { max_tokens: 18 }))).status === 200) ok++;
      expect(ok).toBe(9);
    } finally {
      await h.close();
    }
  });

  it("settled spend survives kill -9 (journal fsync'd per settle)", async () => {
    const h = await startHarness({ policy: null });
    await h.gw.close();
    const repo = fileURLToPath(new URL("../..", import.meta.url));
    writeFileSync(join(h.dir, "bundle.json"), bundleText(h.key, { version: 1, policy: { podSelector: {} } }));
    const state = join(h.dir, "killed-state.json");
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        join(repo, "cli/src/main.ts"),
        "gateway",
        "--listen",
        "127.0.0.1:0",
        "--health-listen",
        "127.0.0.1:0",
        "--policy",
        join(h.dir, "bundle.json"),
        "--keys",
        join(h.dir, "keys.json"),
        "--state",
        state,
        "--upstream",
        `openai=${h.upstream.url}`,
      ],
      { cwd: repo, stdio: ["ignore", "pipe", "pipe"], env: { PATH: process.env.PATH ?? "" } },
    );
    try {
      let out = "";
      child.stdout.on("data", (c: Buffer) => (out += c.toString()));
      await waitFor(() => out.includes('"event":"gateway.listening"'), 20_000);
      const url = /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(out)?.[1] ?? "";
      h.upstream.script = () => ({ usage: { input: 10, output: 7 } });
      for (let i = 0; i < 40; i++) expect((await postJson(`${url}/v1/chat/completions`, chat("spend"))).status).toBe(200);
      child.kill("SIGKILL");
      await once(child, "exit");
      const restored = new StateStore({
        path: state,
        flushDelayMs: 60_000,
        now: Date.now,
        logger: pino({ level: "silent" }),
        onBudgetChange: () => undefined,
      });
      expect(restored.budgets.current("openai").daily.tokens).toBe(40 * 17);
      await restored.close();
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
      await h.close();
    }
  }, 40_000);

  it.each([
    ["schema only", { schema: 1 }, /state file .* is invalid at budgets: /],
    [
      "garbage period",
      {
        schema: 1,
        budgets: { openai: { daily: { period: "garbage", tokens: 0, costUSD: 0 }, monthly: { period: "2025-01", tokens: 0, costUSD: 0 } } },
        rate: {},
        policy: { highestVersion: 9 },
      },
      /invalid at budgets\.openai\.daily\.period: must be YYYY-MM-DD/,
    ],
  ])("refuses to start from a valid-JSON but wrong state file (%s) with GW_ERR_STATE_CORRUPT", async (_name, content, message) => {
    const h = await startHarness({ policy: null });
    await h.gw.close();
    try {
      const statePath = join(h.dir, "bad-state.json");
      writeFileSync(statePath, JSON.stringify(content));
      const start = startGateway({ ...h.config, statePath }, { logDestination: new LogSink() });
      await expect(start).rejects.toMatchObject({ code: "GW_ERR_STATE_CORRUPT", message: expect.stringMatching(message) as unknown });
    } finally {
      await h.upstream.close();
    }
  });
});

describe("item 9: the high-water mark holds version and digest", () => {
  it("after a restart refuses the same version with different content, accepts the identical bundle", async () => {
    const h = await startHarness({ version: 5, policy: BASE_POLICY });
    try {
      const original = readFileSync(join(h.dir, "bundle.json"), "utf8");
      expect(h.gw.ctx.state.policyHighWater.version).toBe(5);
      await h.gw.close();
      writeFileSync(join(h.dir, "bundle.json"), bundleText(h.key, { version: 5, policy: { podSelector: {} } }));
      await h.restart();
      expect(h.gw.ctx.policies.current()).toBeNull();
      expect(h.gw.ctx.policies.lastError?.code).toBe("GW_ERR_POLICY_ROLLBACK");
      const res = await postJson(h.url("/v1/chat/completions"), chat("hi"));
      expect(errorOf(res.body).code).toBe("GW_ERR_NO_POLICY");
      writeFileSync(join(h.dir, "bundle.json"), original);
      await waitFor(() => h.gw.ctx.policies.current()?.version === 5);
    } finally {
      await h.close();
    }
  });
});

describe("item 10: URL overrides keep the configured scheme and port", () => {
  it("refuses another port on an allowed host unless the entry lists it", async () => {
    const other = new DeterministicUpstream();
    await other.start();
    const h = await startHarness({ policy: { podSelector: {}, upstreams: { allowedHosts: ["127.0.0.1"] } } });
    try {
      const moved = await postJson(h.url("/v1/chat/completions"), chat("hi"), { "x-aispm-upstream": other.url });
      expect(moved.status).toBe(403);
      expect(errorOf(moved.body).code).toBe("GW_ERR_UPSTREAM_NOT_ALLOWED");
      expect(other.requests.length).toBe(0);
      const same = await postJson(h.url("/v1/chat/completions"), chat("hi"), { "x-aispm-upstream": `${h.upstream.url}/` });
      expect(same.status).toBe(200);
      h.writeBundle(2, { podSelector: {}, upstreams: { allowedHosts: [new URL(other.url).host] } });
      await waitFor(() => h.gw.ctx.policies.current()?.version === 2);
      expect((await postJson(h.url("/v1/chat/completions"), chat("hi"), { "x-aispm-upstream": other.url })).status).toBe(200);
      expect(other.requests.length).toBe(1);
    } finally {
      await h.close();
      await other.close();
    }
  });
});

describe("item 11: bounded buffering and client deadlines", () => {
  it("refuses with 503 GW_ERR_BUFFER_EXHAUSTED when concurrent buffered bodies would pass the global cap", async () => {
    const content = "a ".repeat(350 * 1024);
    const up = await rawUpstream(async (res) => {
      const body = JSON.stringify({ id: "x", object: "chat.completion", choices: [{ index: 0, message: { role: "assistant", content } }] });
      res.writeHead(200, { "content-type": "application/json" });
      res.write(body.slice(0, body.length / 2));
      await new Promise((r) => setTimeout(r, 300));
      res.end(body.slice(body.length / 2));
    });
    const mib = 1024 * 1024;
    const h = await startHarness({
      policy: { podSelector: {} },
      config: { upstreams: { openai: up.url, anthropic: up.url }, bufferLimitBytes: mib, responseLimitBytes: mib },
    });
    try {
      const results = await Promise.all([0, 1].map(() => postJson(h.url("/v1/chat/completions"), chat("hi"))));
      expect(results.map((r) => r.status).sort()).toEqual([200, 503]);
      const refused = results.find((r) => r.status === 503);
      expect(errorOf(refused?.body ?? {}).code).toBe("GW_ERR_BUFFER_EXHAUSTED");
      expect(h.gw.ctx.buffers.inUse).toBe(0);
      expect((await postJson(h.url("/v1/chat/completions"), chat("hi"))).status).toBe(200);
    } finally {
      await h.close();
      await closeServer(up.server);
    }
  });

  it("charges request bodies to the same cap and frees them after the response", async () => {
    const kib = 1024;
    const h = await startHarness({ policy: { podSelector: {} }, config: { bufferLimitBytes: 64 * kib, responseLimitBytes: 64 * kib } });
    try {
      const big = await postJson(h.url("/v1/chat/completions"), chat("b ".repeat(40 * kib)));
      expect(big.status).toBe(503);
      expect(errorOf(big.body).code).toBe("GW_ERR_BUFFER_EXHAUSTED");
      expect(h.upstream.requests.length).toBe(0);
      expect((await postJson(h.url("/v1/chat/completions"), chat("small"))).status).toBe(200);
      await waitFor(() => h.gw.ctx.buffers.inUse === 0);
    } finally {
      await h.close();
    }
  });

  it("passes a legitimate ~75 MB embeddings response under the default limits", async () => {
    const vector = "0.01234567,".repeat(6_800_000);
    const body = `{"object":"list","data":[{"object":"embedding","index":0,"embedding":[${vector}0]}],"model":"m","usage":{"prompt_tokens":1,"total_tokens":1}}`;
    const up = await rawUpstream((res) => {
      res.writeHead(200, { "content-type": "application/json" }).end(body);
    });
    const defaults = makeConfig({});
    const h = await startHarness({
      policy: { podSelector: {} },
      config: {
        upstreams: { openai: up.url, anthropic: up.url },
        responseLimitBytes: defaults.responseLimitBytes,
        bufferLimitBytes: defaults.bufferLimitBytes,
      },
    });
    try {
      const res = await fetch(h.url("/v1/embeddings"), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ model: "m", input: "hi" }),
      });
      expect(res.status).toBe(200);
      expect((await res.arrayBuffer()).byteLength).toBe(body.length);
    } finally {
      await h.close();
      await closeServer(up.server);
    }
  }, 30_000);

  it("closes a connection whose client dribbles its body past the request timeout", async () => {
    const h = await startHarness({ config: { clientRequestTimeoutMs: 400, clientHeadersTimeoutMs: 300, clientTimeoutCheckMs: 100 } });
    try {
      const { port } = new URL(h.gw.url);
      const socket = connect(Number(port), "127.0.0.1");
      await once(socket, "connect");
      socket.write('POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"mo');
      let received = "";
      socket.on("data", (c: Buffer) => (received += c.toString()));
      const closed = once(socket, "close");
      const timer = setTimeout(() => socket.destroy(new Error("still open after 3 s")), 3_000);
      await closed;
      clearTimeout(timer);
      expect(received).toMatch(/^HTTP\/1\.1 408/);
    } finally {
      await h.close();
    }
  });
});
