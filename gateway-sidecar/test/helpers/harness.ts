import { mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { makeConfig, type GatewayConfig } from "../../src/config.js";
import { startGateway, type RunningGateway } from "../../src/main.js";
import { DeterministicUpstream } from "../deterministic-upstream.js";
import { bundleText, keysFile, testKey, type TestKey } from "./bundles.js";

/** A secret the test policy blocks (AWS access key id, cloud-credentials set). */
export const BLOCK_SECRET = "AKIAQ3ZJ5WX7RT2MNB4K";
/** A secret the test policy redacts (GitHub PAT, saas-tokens set). */
export const REDACT_SECRET = "ghp_R8fK2mQ9vX4tL7wZ1pN6yB3cH5jD0sG8aE2u";

export const BASE_POLICY = {
  podSelector: {},
  dlp: {
    sets: [
      { name: "cloud-credentials", action: "block" },
      { name: "saas-tokens", action: "redact" },
      { name: "pii-contact", action: "redact" },
    ],
  },
  tools: { allowed: ["get_weather"], onViolation: "block" },
};

/** Collects the gateway's JSON log lines so tests can assert on them. */
export class LogSink extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: () => void): void {
    this.lines.push(
      ...chunk
        .toString("utf8")
        .split("\n")
        .filter((l) => l.length > 0),
    );
    cb();
  }
  get text(): string {
    return this.lines.join("\n");
  }
}

export interface Harness {
  dir: string;
  key: TestKey;
  upstream: DeterministicUpstream;
  gw: RunningGateway;
  logs: LogSink;
  config: GatewayConfig;
  url(path: string): string;
  /** atomically replaces the bundle file (write + rename, like a volume update) */
  writeBundle(version: number, policy: Record<string, unknown>): void;
  /** a fresh gateway instance on the same files (restart) */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  policy?: Record<string, unknown> | null;
  version?: number;
  config?: Partial<Omit<GatewayConfig, "timeouts">> & { timeouts?: Partial<GatewayConfig["timeouts"]> };
  upstream?: DeterministicUpstream;
}

export async function startHarness(o: HarnessOptions = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), "gw-e2e-"));
  const key = testKey("test-key");
  writeFileSync(join(dir, "keys.json"), keysFile([key]));
  const writeBundle = (version: number, policy: Record<string, unknown>) => {
    const tmp = join(dir, `.bundle.${version}.tmp`);
    writeFileSync(tmp, bundleText(key, { version, policy }));
    renameSync(tmp, join(dir, "bundle.json"));
  };
  if (o.policy !== null) writeBundle(o.version ?? 1, o.policy ?? BASE_POLICY);
  const upstream = o.upstream ?? new DeterministicUpstream();
  if (upstream.url === "") await upstream.start();
  const config = makeConfig({
    listen: { host: "127.0.0.1", port: 0 },
    policyPath: join(dir, "bundle.json"),
    keysPath: join(dir, "keys.json"),
    statePath: join(dir, "state.json"),
    upstreams: { openai: upstream.url, anthropic: upstream.url },
    serviceAccount: "default/test-app",
    clockSkewMs: 0,
    policyPollMs: 200,
    reloadDebounceMs: 20,
    stateFlushMs: 50,
    drainMs: 3_000,
    defaultMetrics: false,
    logLevel: "info",
    ...o.config,
    timeouts: { connectMs: 1_000, headersMs: 2_000, idleMs: 2_000, totalMs: 10_000, ...o.config?.timeouts },
  });
  const logs = new LogSink();
  const h: Harness = {
    dir,
    key,
    upstream,
    logs,
    config,
    gw: await startGateway(config, { logDestination: logs }),
    url: (path) => `${h.gw.url}${path}`,
    writeBundle,
    async restart() {
      await h.gw.close();
      h.gw = await startGateway(config, { logDestination: logs });
    },
    async close() {
      await h.gw.close();
      await upstream.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return h;
}

export interface JsonResult {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<JsonResult> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: "Bearer sk-test-client", ...headers },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: JSON.parse(text) as Record<string, unknown> };
}

export interface StreamResult {
  status: number;
  /** raw bytes as the client received them, chunk by chunk */
  chunks: string[];
  events: { event?: string; data: string }[];
}

/** Reads an SSE response to the end, keeping every network chunk (to prove what was released when). */
export async function postStream(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
  onChunk?: (chunk: string) => void,
): Promise<StreamResult> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: "Bearer sk-test-client", ...headers },
    body: JSON.stringify(body),
  });
  const chunks: string[] = [];
  const decoder = new TextDecoder();
  if (res.body !== null) {
    for await (const c of res.body) {
      const s = decoder.decode(c as Uint8Array, { stream: true });
      chunks.push(s);
      onChunk?.(s);
    }
  }
  const events = chunks
    .join("")
    .split("\n\n")
    .filter((b) => b.trim().length > 0)
    .map((block) => {
      const ev: { event?: string; data: string } = { data: "" };
      const data: string[] = [];
      for (const line of block.split("\n")) {
        if (line.startsWith("event: ")) ev.event = line.slice(7);
        else if (line.startsWith("data: ")) data.push(line.slice(6));
      }
      ev.data = data.join("\n");
      return ev;
    });
  return { status: res.status, chunks, events };
}

/** Concatenated text the client would show, for any of the streaming dialects. */
export function streamedText(events: StreamResult["events"]): string {
  let out = "";
  for (const ev of events) {
    if (ev.data === "[DONE]" || ev.data === "") continue;
    const d = JSON.parse(ev.data) as Record<string, unknown> & {
      choices?: { delta?: { content?: string }; text?: string }[];
      delta?: { text?: string } | string;
    };
    if (d.type === "response.output_text.delta" && typeof d.delta === "string") out += d.delta;
    else if (d.type === "content_block_delta" && typeof d.delta === "object") out += d.delta.text ?? "";
    else if (Array.isArray(d.choices)) out += d.choices.map((c) => c.delta?.content ?? c.text ?? "").join("");
  }
  return out;
}

export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error("condition not met in time");
}
