/** Load generators: open-loop at a fixed rate (latency from the scheduled send time) and closed-loop saturation. */
import { randomBytes } from "node:crypto";
import http from "node:http";

/** Bearer token every request carries; also LiteLLM's master key (it refuses to start without one). */
export const BEARER = `sk-${randomBytes(32).toString("hex")}`;

const agent = new http.Agent({ keepAlive: true, maxSockets: 1024 });

export interface Reply {
  status: number;
  /** ms from `since` to the first content delta (streams) or to the response headers */
  firstMs: number;
  /** ms from `since` to the end of the body */
  totalMs: number;
  body: string;
}

/** POSTs `body` to `url`; times are measured from `since` (the scheduled send time in open loop). */
export function post(url: URL, body: string, since: number, keepBody = false): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: "POST",
        agent,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), authorization: `Bearer ${BEARER}` },
      },
      (res) => {
        const sse = (res.headers["content-type"] ?? "").includes("text/event-stream");
        let firstMs = sse ? Number.NaN : performance.now() - since;
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (d: string) => {
          if (sse && Number.isNaN(firstMs)) {
            text += d;
            // the first delta that carries text (a role-only opening chunk does not count)
            if (/"content":"[^"]/.test(text)) firstMs = performance.now() - since;
          } else if (keepBody) text += d;
        });
        res.on("end", () => {
          resolve({ status: res.statusCode ?? 0, firstMs, totalMs: performance.now() - since, body: text });
        });
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

export interface OpenLoopResult {
  /** latency from scheduled send to last byte (non-streamed) or to first content delta (streamed) */
  first: number[];
  total: number[];
  errors: number;
  /** how far behind schedule the generator itself fell at worst (ms) */
  maxLagMs: number;
}

/** Open loop: request i is due at start + i/rate whatever happened to earlier ones. */
export async function openLoop(url: URL, body: string, rate: number, seconds: number): Promise<OpenLoopResult> {
  const total = Math.round(rate * seconds);
  const res: OpenLoopResult = { first: [], total: [], errors: 0, maxLagMs: 0 };
  const pending: Promise<void>[] = [];
  const start = performance.now() + 5;
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    res.maxLagMs = Math.max(res.maxLagMs, performance.now() - due);
    pending.push(
      post(url, body, due).then(
        (r) => {
          if (r.status !== 200) {
            res.errors++;
            return;
          }
          res.first.push(r.firstMs);
          res.total.push(r.totalMs);
        },
        () => {
          res.errors++;
        },
      ),
    );
  }
  await Promise.all(pending);
  return res;
}

/** Closed loop: `concurrency` clients each send the next request as soon as the last one ends. */
export async function closedLoop(
  url: URL,
  body: string,
  concurrency: number,
  seconds: number,
): Promise<{ ok: number; errors: number; seconds: number }> {
  let ok = 0;
  let errors = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  const worker = async (): Promise<void> => {
    while (performance.now() < end) {
      try {
        const r = await post(url, body, performance.now());
        if (r.status === 200) ok++;
        else errors++;
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { ok, errors, seconds: (performance.now() - start) / 1000 };
}

export async function warm(url: URL, body: string, n: number): Promise<void> {
  for (let i = 0; i < n; i += 8)
    await Promise.all(Array.from({ length: 8 }, () => post(url, body, performance.now()).catch(() => undefined)));
}

export function closeAgent(): void {
  agent.destroy();
}

export function percentile(samples: readonly number[], p: number): number {
  const s = [...samples].sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN;
}
