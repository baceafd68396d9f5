/**
 * Gateway sidecar bench. One run prints, side by side:
 *  1. filter-only latency (p50/p99) for 1, 4 and 16 KiB prompts with the full default policy;
 *  2. proxy latency through the gateway vs straight to the same deterministic upstream at a fixed
 *     request rate, the added latency, and the gateway's RSS.
 * Targets: filter p99 ≤ 0.3 ms at 4 KiB; added p99 ≤ 1 ms.
 *
 *   tsx bench/gateway.bench.ts [--seconds 5] [--rate 200]
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { gatewayPolicySpec } from "@aispm/api";
import { compileFilter } from "../gateway-sidecar/src/filter/index.js";
import { DeterministicUpstream } from "../gateway-sidecar/test/deterministic-upstream.js";
import { bundleText, keysFile, testKey } from "../gateway-sidecar/test/helpers/bundles.js";

const { values } = parseArgs({ options: { seconds: { type: "string", default: "5" }, rate: { type: "string", default: "200" } } });
const SECONDS = Math.min(30, Math.max(1, Number(values.seconds)));
const RATE = Math.min(1000, Math.max(1, Number(values.rate)));

/** Realistic prompt text: prose, code, a URL and numbers, no secrets. Deterministic. */
function prompt(bytes: number): string {
  const parts = [
    "Please review the following deployment notes and summarise the risks for the on-call team. ",
    "The service reads orders from the queue, validates them against the catalogue and writes invoices. ",
    "function total(items) { return items.reduce((s, i) => s + i.price * i.qty, 0); }\n",
    "See https://docs.example.org/runbooks/orders#retries for the retry policy (3 attempts, 250 ms backoff). ",
    "Latency p99 was 412 ms last week; error budget remaining 63.5 percent; 17 pods across 3 zones. ",
  ];
  let out = "";
  for (let i = 0; out.length < bytes; i++) out += parts[i % parts.length] ?? "";
  return out.slice(0, bytes);
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function stats(samples: number[]): { p50: number; p99: number; n: number } {
  const s = [...samples].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p99: percentile(s, 99), n: s.length };
}

function benchFilter(): { size: string; p50: number; p99: number; n: number }[] {
  const filter = compileFilter(gatewayPolicySpec.parse({ podSelector: {} }));
  const rows = [];
  for (const kib of [1, 4, 16]) {
    const text = prompt(kib * 1024);
    const iterations = kib === 16 ? 400 : 2000;
    for (let i = 0; i < 200; i++) filter.scan(text); // warm-up (JIT, RE2 caches)
    const samples: number[] = [];
    for (let i = 0; i < iterations; i++) {
      const t0 = performance.now();
      filter.scan(text);
      samples.push(performance.now() - t0);
    }
    rows.push({ size: `${kib} KiB`, ...stats(samples) });
  }
  return rows;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function post(url: URL, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = http.request(
      url,
      {
        method: "POST",
        agent,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), authorization: "Bearer sk-bench" },
      },
      (res) => {
        res.resume();
        res.on("end", () => {
          if (res.statusCode === 200) resolve(performance.now() - t0);
          else reject(new Error(`status ${res.statusCode ?? "?"}`));
        });
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** Open-loop load: request i is sent at t0 + i / rate regardless of earlier responses. */
async function load(base: string, seconds: number, rate: number): Promise<{ p50: number; p99: number; n: number; errors: number }> {
  const url = new URL("/v1/chat/completions", base);
  const body = JSON.stringify({ model: "gpt-4o", max_tokens: 64, messages: [{ role: "user", content: prompt(1024) }] });
  for (let i = 0; i < 50; i++) await post(url, body); // warm-up and connection pool
  const total = seconds * rate;
  const samples: number[] = [];
  let errors = 0;
  const pending: Promise<void>[] = [];
  const start = performance.now();
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    pending.push(
      post(url, body).then(
        (ms) => {
          samples.push(ms);
        },
        () => {
          errors++;
        },
      ),
    );
  }
  await Promise.all(pending);
  return { ...stats(samples), errors };
}

function rssMiB(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m === null ? Number.NaN : Number(m[1]) / 1024;
}

async function startGatewayProcess(dir: string, upstreamUrl: string): Promise<{ child: ChildProcess; url: string }> {
  const key = testKey("bench");
  writeFileSync(join(dir, "keys.json"), keysFile([key]));
  // Full default policy plus limits, so every stage of the pipeline runs.
  const policy = {
    podSelector: {},
    tools: { allowed: ["get_weather"] },
    budgets: [{ provider: "openai", daily: { tokens: 1e12 } }],
    rateLimits: { requestsPerMinute: 100000 },
  };
  writeFileSync(join(dir, "bundle.json"), bundleText(key, { version: 1, policy }));
  const cli = fileURLToPath(new URL("../gateway-sidecar/src/cli.ts", import.meta.url));
  return startChild([
    "--import",
    "tsx",
    cli,
    "gateway",
    "--listen",
    "127.0.0.1:0",
    "--policy",
    join(dir, "bundle.json"),
    "--keys",
    join(dir, "keys.json"),
    "--state",
    join(dir, "state.json"),
    "--upstream",
    `openai=${upstreamUrl}`,
  ]);
}

/** A bare node:http relay (parse + forward, no policy): the floor cost of one extra process hop here. */
const BARE_RELAY = `
const http = require("node:http");
const target = process.argv[1];
const agent = new http.Agent({ keepAlive: true });
const srv = http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    const body = Buffer.concat(chunks);
    JSON.parse(body.toString());
    const up = http.request(new URL(req.url, target), { method: "POST", agent, headers: { "content-type": "application/json", "content-length": body.length } }, (ur) => {
      const rc = [];
      ur.on("data", (c) => rc.push(c));
      ur.on("end", () => {
        const b = Buffer.concat(rc);
        JSON.parse(b.toString());
        res.writeHead(ur.statusCode, { "content-type": "application/json", "content-length": b.length });
        res.end(b);
      });
    });
    up.end(body);
  });
});
srv.listen(0, "127.0.0.1", () => console.log(JSON.stringify({ url: "http://127.0.0.1:" + srv.address().port })));
`;

async function startChild(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  // Run from the repo root so `--import tsx` resolves wherever the bench is started from.
  const cwd = fileURLToPath(new URL("..", import.meta.url));
  const child = spawn(process.execPath, args, { cwd, stdio: ["ignore", "pipe", "inherit"], env: { PATH: process.env.PATH ?? "" } });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => {
      reject(new Error("child did not start"));
    }, 30_000);
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(out);
      if (m?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on("exit", (code) => {
      reject(new Error(`child exited ${code ?? "?"}`));
    });
  });
  return { child, url };
}

async function main(): Promise<void> {
  console.log(`gateway bench — node ${process.version}, ${SECONDS}s at ${RATE} req/s per phase\n`);
  console.log("filter only (full default policy: all DLP sets, all normalization passes, injection on)");
  console.log("  size     p50 ms   p99 ms   samples");
  for (const r of benchFilter())
    console.log(`  ${r.size.padEnd(7)} ${r.p50.toFixed(3).padStart(7)}  ${r.p99.toFixed(3).padStart(7)}   ${r.n}`);

  const upstream = new DeterministicUpstream();
  await upstream.start();
  upstream.script = () => ({
    text: "The deployment looks fine; watch the retry storm risk on the queue consumer.",
    usage: { input: 256, output: 20 },
  });
  const dir = mkdtempSync(join(tmpdir(), "gw-bench-"));
  const gw = await startGatewayProcess(dir, upstream.url);
  const bare = await startChild(["-e", BARE_RELAY, upstream.url]);
  try {
    const rssIdle = rssMiB(gw.child.pid);
    const direct = await load(upstream.url, SECONDS, RATE);
    const relay = await load(bare.url, SECONDS, RATE);
    const via = await load(gw.url, SECONDS, RATE);
    const rssLoaded = rssMiB(gw.child.pid);
    console.log(`\nproxy, 1 KiB chat prompt, non-streamed, ${RATE} req/s open loop`);
    console.log("  path       p50 ms   p99 ms   requests  errors");
    console.log(
      `  direct    ${direct.p50.toFixed(3).padStart(7)}  ${direct.p99.toFixed(3).padStart(7)}   ${String(direct.n).padStart(7)}  ${direct.errors}`,
    );
    console.log(
      `  bare hop  ${relay.p50.toFixed(3).padStart(7)}  ${relay.p99.toFixed(3).padStart(7)}   ${String(relay.n).padStart(7)}  ${relay.errors}`,
    );
    console.log(
      `  gateway   ${via.p50.toFixed(3).padStart(7)}  ${via.p99.toFixed(3).padStart(7)}   ${String(via.n).padStart(7)}  ${via.errors}`,
    );
    console.log(
      `  added     ${(via.p50 - direct.p50).toFixed(3).padStart(7)}  ${(via.p99 - direct.p99).toFixed(3).padStart(7)}   gateway vs direct`,
    );
    console.log(
      `  policy    ${(via.p50 - relay.p50).toFixed(3).padStart(7)}  ${(via.p99 - relay.p99).toFixed(3).padStart(7)}   gateway vs bare hop (enforcement cost alone)`,
    );
    console.log(`\ngateway RSS: ${rssIdle.toFixed(1)} MiB idle, ${rssLoaded.toFixed(1)} MiB after load`);
  } finally {
    bare.child.kill("SIGTERM");
    gw.child.kill("SIGTERM");
    await new Promise((r) => gw.child.once("exit", r));
    agent.destroy();
    await upstream.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
