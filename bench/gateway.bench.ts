/**
 * Gateway sidecar bench (a benchmark, not a test: it prints numbers and only fails if something breaks).
 *
 * Every server is its own process on 127.0.0.1: the deterministic upstream stub, a bare node:http
 * relay, the gateway started the way users start it (`node cli/bin/aispm.js gateway …` with a signed
 * bundle) and, when it can be installed, LiteLLM with one worker. The bench process only generates load.
 *
 *  1. scan cost per MiB of adversarial input, filter only (compileFilter, full default policy);
 *  2. open-loop latency at a fixed rate, measured from each request's scheduled send time (no
 *     coordinated omission), for direct / bare hop / gateway, the three paths interleaved in rounds;
 *     kinds: clean 1 KiB prompt, secret-bearing 1 KiB prompt (redacted), streamed reply (time to first token);
 *  3. closed-loop saturation (N connections): req/s and CPU ms per request of the serving process.
 *
 *   tsx bench/gateway.bench.ts [--rounds 5] [--seconds 3] [--rate 200] [--concurrency 32] [--sat-seconds 3] [--no-litellm]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { closeAgent, closedLoop, openLoop, percentile, post, warm } from "./gateway/load.js";
import { cpuSeconds, rssMiB, stopAll, type Child } from "./gateway/procs.js";
import { benchScan } from "./gateway/scan.js";
import { ensureLiteLLM, startGateway, startLiteLLM, startRelay, startStub } from "./gateway/servers.js";
import { chatBody, type Kind } from "./gateway/workload.js";

const { values } = parseArgs({
  options: {
    rounds: { type: "string", default: "5" },
    seconds: { type: "string", default: "3" },
    rate: { type: "string", default: "200" },
    concurrency: { type: "string", default: "32" },
    "sat-seconds": { type: "string", default: "3" },
    "no-litellm": { type: "boolean", default: false },
  },
});
const clamp = (v: string | undefined, lo: number, hi: number) => Math.min(hi, Math.max(lo, Number(v)));
const ROUNDS = clamp(values.rounds, 1, 10);
const SECONDS = clamp(values.seconds, 1, 10);
const RATE = clamp(values.rate, 1, 2000);
const CONC = clamp(values.concurrency, 1, 256);
const SAT_SECONDS = clamp(values["sat-seconds"], 1, 10);

const KINDS: readonly Kind[] = ["clean", "secret", "stream"];
const PATHS = ["direct", "bare hop", "gateway"] as const;
type PathName = (typeof PATHS)[number];
const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : "—").padStart(8);
const chat = (base: string) => new URL("/v1/chat/completions", base);

async function sanity(direct: string, gateway: string): Promise<void> {
  const t = performance.now();
  const viaDirect = await post(chat(direct), chatBody("secret"), t, true);
  const viaGw = await post(chat(gateway), chatBody("secret"), t, true);
  if (viaGw.status !== 200) throw new Error(`gateway answered ${String(viaGw.status)} to the secret-bearing prompt: ${viaGw.body}`);
  if (!viaDirect.body.includes("LEAKED")) throw new Error("stub did not flag the raw secret; the redaction check would be blind");
  if (viaGw.body.includes("LEAKED")) throw new Error("the secret reached the upstream through the gateway unredacted");
}

interface LatencyCell {
  first: number[];
  total: number[];
  errors: number;
  maxLagMs: number;
}

async function latency(urls: Record<PathName, string>): Promise<Map<string, LatencyCell>> {
  const cells = new Map<string, LatencyCell>();
  for (let r = 0; r < ROUNDS; r++) {
    for (const kind of KINDS) {
      // rotate the order each round so no path always runs first (or right after another)
      const order = PATHS.map((_, i) => PATHS[(i + r) % PATHS.length] as PathName);
      for (const path of order) {
        const res = await openLoop(chat(urls[path]), chatBody(kind), RATE, SECONDS);
        const key = `${kind}/${path}`;
        const cell = cells.get(key) ?? { first: [], total: [], errors: 0, maxLagMs: 0 };
        cell.first.push(...res.first);
        cell.total.push(...res.total);
        cell.errors += res.errors;
        cell.maxLagMs = Math.max(cell.maxLagMs, res.maxLagMs);
        cells.set(key, cell);
      }
    }
    console.log(`  round ${String(r + 1)}/${String(ROUNDS)} done`);
  }
  return cells;
}

interface SatRow {
  name: string;
  ok: number;
  errors: number;
  seconds: number;
  cpu: number;
}

async function saturate(name: string, server: Child, body: string, rows: Map<string, SatRow>): Promise<void> {
  const cpu0 = cpuSeconds(server.pid);
  const r = await closedLoop(chat(server.url), body, CONC, SAT_SECONDS);
  const cpu = cpuSeconds(server.pid) - cpu0;
  const row = rows.get(name) ?? { name, ok: 0, errors: 0, seconds: 0, cpu: 0 };
  row.ok += r.ok;
  row.errors += r.errors;
  row.seconds += r.seconds;
  row.cpu += cpu;
  rows.set(name, row);
}

function printSat(rows: Iterable<SatRow>): void {
  console.log("  target                      req/s   CPU ms/req (serving process)  requests  errors");
  for (const r of rows)
    console.log(
      `  ${r.name.padEnd(24)} ${(r.ok / r.seconds).toFixed(0).padStart(8)}   ${((r.cpu * 1000) / Math.max(1, r.ok)).toFixed(3).padStart(10)}                    ${String(r.ok).padStart(8)}  ${String(r.errors).padStart(6)}`,
    );
}

function printLatency(cells: Map<string, LatencyCell>): void {
  console.log("  kind    path        p50      p99   +p50 vs direct  +p99 vs direct   n      errors  gen lag max");
  for (const kind of KINDS) {
    const pick = (c: LatencyCell | undefined) => (kind === "stream" ? (c?.first ?? []) : (c?.total ?? []));
    const d = pick(cells.get(`${kind}/direct`));
    for (const path of PATHS) {
      const c = cells.get(`${kind}/${path}`);
      const s = pick(c);
      const [p50, p99] = [percentile(s, 50), percentile(s, 99)];
      const added = path === "direct" ? ["", ""] : [ms(p50 - percentile(d, 50)), ms(p99 - percentile(d, 99))];
      console.log(
        `  ${(kind === "stream" ? "ttft" : kind).padEnd(7)} ${path.padEnd(9)} ${ms(p50)} ${ms(p99)}   ${(added[0] ?? "").padStart(12)}   ${(added[1] ?? "").padStart(13)}   ${String(s.length).padStart(6)}  ${String(c?.errors ?? 0).padStart(5)}  ${ms(c?.maxLagMs ?? Number.NaN)}`,
      );
    }
  }
  console.log("  (ttft = time to the first content delta of a streamed reply; the stub paces its events 1 ms apart)");
}

async function saturation(stub: Child, relay: Child, gw: Child): Promise<Map<string, SatRow>> {
  console.log(`\nsaturation, closed loop, ${String(CONC)} connections, 2 × ${String(SAT_SECONDS)} s each, 1 KiB prompt`);
  const sat = new Map<string, SatRow>();
  for (let r = 0; r < 2; r++) {
    await saturate("direct (stub)", stub, chatBody("clean"), sat);
    await saturate("bare hop (relay)", relay, chatBody("clean"), sat);
    await saturate("aispm gateway, clean", gw, chatBody("clean"), sat);
    await saturate("aispm gateway, secret", gw, chatBody("secret"), sat);
  }
  return sat;
}

async function liteLLM(stubUrl: string, dir: string, sat: Map<string, SatRow>): Promise<void> {
  const lite = values["no-litellm"] ? { skip: "--no-litellm" } : await ensureLiteLLM();
  if ("bin" in lite) {
    try {
      const ll = await startLiteLLM(lite.bin, dir, stubUrl);
      const body = chatBody("clean");
      await warm(chat(ll.url), body, 64);
      await saturate("litellm (1 worker)", ll, body, sat);
      await saturate("litellm (1 worker)", ll, body, sat);
    } catch (e) {
      console.log(`  litellm skipped: ${(e as Error).message.slice(0, 1500)}`);
    }
  } else console.log(`  litellm skipped: ${lite.skip}`);
}

async function main(): Promise<void> {
  console.log(
    `gateway bench — node ${process.version}; open loop ${String(RATE)} req/s, ${String(ROUNDS)} rounds × ${String(SECONDS)} s per path and kind; saturation ${String(CONC)} connections\n`,
  );
  console.log("scan cost, filter only (compileFilter, full default policy), 1 MiB adversarial inputs");
  console.log("  input                          ms/MiB   findings");
  for (const r of await benchScan())
    console.log(`  ${r.name.padEnd(28)} ${r.msPerMiB.toFixed(1).padStart(9)}   ${String(r.findings).padStart(8)}`);

  const dir = mkdtempSync(join(tmpdir(), "gw-bench-"));
  try {
    const stub = await startStub();
    const relay = await startRelay(stub.url);
    const gw = await startGateway(dir, stub.url);
    await sanity(stub.url, gw.url);
    const urls: Record<PathName, string> = { direct: stub.url, "bare hop": relay.url, gateway: gw.url };
    for (const p of PATHS) for (const k of KINDS) await warm(chat(urls[p]), chatBody(k), 200);
    const rssIdle = rssMiB(gw.pid);

    console.log(`\nopen loop, ${String(RATE)} req/s, latency from scheduled send time (ms)`);
    printLatency(await latency(urls));
    const sat = await saturation(stub, relay, gw);
    const rssLoaded = rssMiB(gw.pid);

    await liteLLM(stub.url, dir, sat);
    printSat(sat.values());
    const clean = sat.get("aispm gateway, clean");
    const secret = sat.get("aispm gateway, secret");
    if (clean !== undefined && secret !== undefined)
      console.log(
        `  gateway CPU/request, secret vs clean: ${(secret.cpu / secret.ok / (clean.cpu / clean.ok)).toFixed(2)}× (target ≤ 1.5×)`,
      );
    console.log(`\ngateway RSS: ${rssIdle.toFixed(1)} MiB after warm-up, ${rssLoaded.toFixed(1)} MiB after load`);
  } finally {
    closeAgent();
    await stopAll();
    rmSync(dir, { recursive: true, force: true });
  }
}

const onSignal = () => {
  void stopAll().then(() => process.exit(130));
};
process.once("SIGINT", onSignal);
process.once("SIGTERM", onSignal);
await main();
