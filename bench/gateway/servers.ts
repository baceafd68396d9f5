/** The processes under test: stub upstream, bare relay, the gateway (as users start it) and LiteLLM. */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { bundleText, keysFile, testKey } from "../../gateway-sidecar/test/helpers/bundles.js";
import { BEARER } from "./load.js";
import { freePort, launch, ROOT, startListening, type Child } from "./procs.js";

const TSX = join(ROOT, "node_modules/tsx/dist/cli.mjs");

export function startStub(): Promise<Child> {
  return startListening(process.execPath, [TSX, join(ROOT, "bench/gateway/stub.ts")]);
}

export function startRelay(upstream: string): Promise<Child> {
  return startListening(process.execPath, [TSX, join(ROOT, "bench/gateway/relay.ts"), upstream]);
}

/**
 * `node cli/bin/aispm.js gateway …` with a bundle signed by the shared signing code
 * (@aispm/api/bundle via the test helper). The policy is the full default (every DLP set, every
 * normalization pass, injection scoring) plus tool, budget and rate-limit rules so every stage runs.
 */
export function startGateway(dir: string, upstream: string): Promise<Child> {
  const key = testKey("bench");
  writeFileSync(join(dir, "keys.json"), keysFile([key]));
  const policy = {
    podSelector: {},
    tools: { allowed: ["get_weather"] },
    budgets: [{ provider: "openai", daily: { tokens: 1e12 } }],
    rateLimits: { requestsPerMinute: 100_000 },
  };
  writeFileSync(join(dir, "bundle.json"), bundleText(key, { version: 1, policy }));
  return startListening(process.execPath, [
    join(ROOT, "cli/bin/aispm.js"),
    "gateway",
    "--listen=127.0.0.1:0",
    `--policy=${join(dir, "bundle.json")}`,
    `--keys=${join(dir, "keys.json")}`,
    `--state=${join(dir, "state.json")}`,
    `--upstream=openai=${upstream}`,
  ]);
}

function sh(cmd: string, args: string[], timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const c = launch(cmd, args);
    c.stdout?.resume();
    c.stderr?.resume();
    const t = setTimeout(() => {
      if (c.pid !== undefined) process.kill(-c.pid, "SIGKILL");
    }, timeoutMs);
    c.on("exit", (code) => {
      clearTimeout(t);
      resolve(code === 0);
    });
    c.on("error", () => {
      clearTimeout(t);
      resolve(false);
    });
  });
}

/** Finds or installs LiteLLM in ${AISPM_CACHE:-~/.cache/aispm}/litellm-venv; a reason string if unavailable. */
export async function ensureLiteLLM(): Promise<{ bin: string } | { skip: string }> {
  const venv = join(process.env.AISPM_CACHE ?? join(homedir(), ".cache/aispm"), "litellm-venv");
  const bin = join(venv, "bin/litellm");
  if (existsSync(bin)) return { bin };
  mkdirSync(venv, { recursive: true });
  console.log(`installing litellm[proxy] into ${venv} (at most 4 min)…`);
  const deadline = Date.now() + 240_000;
  if (!(await sh("python3", ["-m", "venv", venv], 60_000))) return { skip: "python3 -m venv failed" };
  const ok = await sh(join(venv, "bin/pip"), ["install", "-q", "litellm[proxy]"], Math.max(1_000, deadline - Date.now()));
  return ok && existsSync(bin) ? { bin } : { skip: "pip install 'litellm[proxy]' failed or took over 4 min" };
}

/** `litellm --config … --port … --host 127.0.0.1 --num_workers 1` with one model routed to the stub. */
export async function startLiteLLM(bin: string, dir: string, upstream: string): Promise<Child> {
  const cfg = join(dir, "litellm.yaml");
  writeFileSync(
    cfg,
    [
      "model_list:",
      "  - model_name: gpt-4o",
      "    litellm_params:",
      "      model: openai/gpt-4o",
      `      api_base: ${upstream}/v1`,
      "      api_key: sk-bench",
      "litellm_settings:",
      "  telemetry: false",
      "general_settings:",
      `  master_key: ${BEARER}`,
      "",
    ].join("\n"),
  );
  const port = await freePort();
  const child = launch(bin, ["--config", cfg, "--port", String(port), "--host", "127.0.0.1", "--num_workers", "1"], {
    LITELLM_LOCAL_MODEL_COST_MAP: "True",
    LITELLM_LOG: "ERROR",
    LITELLM_TELEMETRY: "False",
    NO_PROXY: "*",
  });
  child.stdout?.resume();
  let err = "";
  child.stderr?.on("data", (d: Buffer) => {
    err = (err + d.toString()).slice(-3000);
  });
  const url = `http://127.0.0.1:${String(port)}`;
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`litellm exited ${String(child.exitCode)}\n${err}`);
    const up = await fetch(`${url}/health/liveliness`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return { child, pid: child.pid ?? -1, url };
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`litellm not ready after 120 s\n${err}`);
}
