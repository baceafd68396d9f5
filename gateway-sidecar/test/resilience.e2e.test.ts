import { spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DeterministicUpstream } from "./deterministic-upstream.js";
import { postJson, postStream, startHarness, streamedText, waitFor, type Harness } from "./helpers/harness.js";

const chat = (text: string, extra: Record<string, unknown> = {}) => ({
  model: "gpt-4o",
  max_tokens: 32,
  messages: [{ role: "user", content: text }],
  ...extra,
});

async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) =>
    srv.close(() => {
      r();
    }),
  );
  return port;
}

describe("upstream failures", () => {
  let h: Harness;
  beforeAll(async () => {
    const port = await closedPort();
    const upstream = new DeterministicUpstream();
    await upstream.start();
    h = await startHarness({
      upstream,
      config: { upstreams: { openai: upstream.url, anthropic: upstream.url, dead: `http://127.0.0.1:${port}` } },
      policy: { podSelector: {}, budgets: [{ provider: "openai", daily: { tokens: 100_000 } }] },
    });
    // Tight deadlines so the timeout cases stay fast.
    Object.assign(h.config.timeouts, { headersMs: 300, idleMs: 300, totalMs: 5_000 });
  });
  afterAll(async () => {
    await h.close();
  });

  it("answers 502 GW_ERR_UPSTREAM_UNREACHABLE when the upstream refuses connections", async () => {
    const res = await postJson(h.url("/v1/chat/completions"), chat("hi"), { "x-aispm-upstream": "dead" });
    expect(res.status).toBe(502);
    expect(res.body.error).toMatchObject({ code: "GW_ERR_UPSTREAM_UNREACHABLE", type: "upstream_error" });
  });

  it("answers 504 GW_ERR_UPSTREAM_TIMEOUT when the upstream is slow to answer, and releases the budget", async () => {
    h.upstream.script = () => ({ headerDelayMs: 1_000 });
    const t0 = Date.now();
    const res = await postJson(h.url("/v1/chat/completions"), chat("hi"));
    expect(res.status).toBe(504);
    expect((res.body.error as { code: string; message: string }).code).toBe("GW_ERR_UPSTREAM_TIMEOUT");
    expect((res.body.error as { message: string }).message).toContain("headers timeout");
    expect(Date.now() - t0).toBeLessThan(900);
    expect(h.gw.ctx.state.budgets.current("openai").daily.tokens).toBe(0);
  });

  it("ends a stream with a GW_ERR_UPSTREAM_TIMEOUT event when the upstream goes idle mid-stream", async () => {
    h.upstream.script = () => ({ text: "a".repeat(40), chunkChars: 4, stallAfterEvents: 3 });
    const res = await postStream(h.url("/v1/chat/completions"), chat("hi", { stream: true }));
    expect(res.status).toBe(200);
    expect(res.events.at(-1)?.data).toContain('"code":"GW_ERR_UPSTREAM_TIMEOUT"');
    expect(res.events.at(-1)?.data).toContain("idle timeout");
  });
});

describe("graceful shutdown", () => {
  it("close() stops accepting, drains an in-flight stream to its end, then returns", async () => {
    const h = await startHarness();
    try {
      h.upstream.script = () => ({ text: "y".repeat(80), chunkChars: 4, eventDelayMs: 20 });
      let started: () => void = () => undefined;
      const firstBytes = new Promise<void>((r) => {
        started = r;
      });
      const inflight = postStream(h.url("/v1/chat/completions"), chat("drain me", { stream: true }), {}, () => {
        started();
      });
      await firstBytes;
      const url = h.url("/v1/chat/completions");
      const closing = h.gw.close();
      let closed = false;
      void closing.then(() => (closed = true));
      await waitFor(() => h.gw.ctx.drain.draining);
      const refused = await fetch(url, { method: "POST", body: "{}", headers: { "content-type": "application/json" } }).then(
        (r) => r.status,
        () => "connection refused",
      );
      expect([503, "connection refused"]).toContain(refused);
      expect(closed).toBe(false);
      const done = await inflight;
      expect(streamedText(done.events)).toBe("y".repeat(80));
      expect(done.events.at(-1)?.data).toBe("[DONE]");
      await closing;
      expect(h.logs.text).toContain('"event":"gateway.stopped","drained":true');
    } finally {
      await h.upstream.close();
    }
  });

  it("aborts what is still in flight at the drain deadline", async () => {
    const h = await startHarness({ config: { drainMs: 200 } });
    try {
      h.upstream.script = () => ({ text: "z".repeat(40), chunkChars: 4, stallAfterEvents: 2 });
      let started: () => void = () => undefined;
      const firstBytes = new Promise<void>((r) => {
        started = r;
      });
      const inflight = postStream(h.url("/v1/chat/completions"), chat("stuck", { stream: true }), {}, () => {
        started();
      }).catch(() => null);
      await firstBytes;
      const t0 = Date.now();
      await h.gw.close();
      expect(Date.now() - t0).toBeLessThan(2_000);
      const res = await inflight;
      expect(res?.events.at(-1)?.data).toContain("GW_ERR_SHUTTING_DOWN");
      expect(h.logs.text).toContain('"event":"gateway.drain_deadline"');
    } finally {
      await h.upstream.close();
    }
  });

  it("CLI: keygen and sign produce a bundle the gateway serves; SIGTERM drains an in-flight stream and exits 0", async () => {
    const h = await startHarness({ policy: null }); // only for its temp dir and upstream
    await h.gw.close();
    const repo = fileURLToPath(new URL("../..", import.meta.url));
    const cli = join(repo, "cli/src/main.ts");
    const run = async (args: string[]) => {
      const c = spawn(process.execPath, ["--import", "tsx", cli, ...args], {
        cwd: repo,
        stdio: "ignore",
        env: { PATH: process.env.PATH ?? "" },
      });
      const [code] = (await once(c, "exit")) as [number | null];
      expect(code, args[0]).toBe(0);
    };
    const d = (f: string) => join(h.dir, f);
    writeFileSync(d("policy.yaml"), "kind: GatewayPolicy\nspec:\n  podSelector: {}\n  tools: { allowed: [get_weather] }\n");
    await run(["keygen", "--id", "cli-key", "--keys", d("cli-keys.json"), "--secret-out", d("cli.secret")]);
    await run([
      "sign",
      "--key",
      d("cli.secret"),
      "--key-id",
      "cli-key",
      "--policy",
      d("policy.yaml"),
      "--version",
      "1",
      "--out",
      d("cli-bundle.json"),
    ]);
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        cli,
        "gateway",
        "--listen",
        "127.0.0.1:0",
        // the health listener defaults to 0.0.0.0:8788; an ephemeral port keeps parallel runs apart
        "--health-listen",
        "127.0.0.1:0",
        "--policy",
        d("cli-bundle.json"),
        "--keys",
        d("cli-keys.json"),
        "--state",
        d("cli-state.json"),
        "--upstream",
        `openai=${h.upstream.url}`,
      ],
      { cwd: repo, stdio: ["ignore", "pipe", "pipe"], env: { PATH: process.env.PATH ?? "" } },
    );
    try {
      let out = "";
      child.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString();
      });
      await waitFor(() => out.includes('"event":"gateway.listening"'), 20_000);
      expect(out).toContain('"event":"gateway.policy.applied","version":1,"keyId":"cli-key"');
      const url = /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(out)?.[1] ?? "";
      const refused = await postJson(`${url}/v1/chat/completions`, chat("hi", { tools: [{ type: "function", function: { name: "rm" } }] }));
      expect((refused.body.error as { code: string }).code).toBe("GW_ERR_TOOL_NOT_ALLOWED");
      h.upstream.script = () => ({ text: "s".repeat(60), chunkChars: 4, eventDelayMs: 20 });
      let started: () => void = () => undefined;
      const firstBytes = new Promise<void>((r) => {
        started = r;
      });
      const inflight = postStream(`${url}/v1/chat/completions`, chat("term", { stream: true }), {}, () => {
        started();
      });
      await firstBytes;
      child.kill("SIGTERM");
      const done = await inflight;
      expect(streamedText(done.events)).toBe("s".repeat(60));
      expect(done.events.at(-1)?.data).toBe("[DONE]");
      const [code] = (await once(child, "exit")) as [number | null];
      expect(code).toBe(0);
      expect(out).toContain('"event":"gateway.stopped","drained":true');
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
      await h.close();
    }
  }, 40_000);
});
