import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { DeterministicUpstream, type Recorded } from "../deterministic-upstream.js";

/** What the raw upstream answers: status, content type and the exact body bytes (JSON or SSE text). */
export interface RawReply {
  status?: number;
  contentType?: string;
  body: string;
}

/**
 * An upstream that answers with exactly the bytes a test gives it — for response shapes the
 * deterministic upstream does not produce (logprobs, error chunks, unusual event types). It records
 * requests (with the raw URL) like the deterministic one, so it plugs into the same harness.
 */
export class RawUpstream extends DeterministicUpstream {
  private srv: Server | null = null;
  /** raw request URLs (path + query) in arrival order */
  readonly urls: string[] = [];
  reply: (req: Recorded) => RawReply = () => ({ body: "{}" });

  override async start(): Promise<string> {
    this.srv = createServer((req, res) => void this.serve(req, res));
    await new Promise<void>((resolve) => this.srv?.listen(0, "127.0.0.1", resolve));
    const addr = this.srv.address() as AddressInfo;
    this.url = `http://127.0.0.1:${addr.port}`;
    return this.url;
  }

  override async close(): Promise<void> {
    const srv = this.srv;
    if (srv === null) return;
    srv.closeAllConnections();
    await new Promise<void>((resolve) =>
      srv.close(() => {
        resolve();
      }),
    );
    this.srv = null;
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    this.urls.push(req.url ?? "");
    const rec: Recorded = {
      path: (req.url ?? "").split("?")[0] ?? "",
      headers: req.headers,
      body: JSON.parse(text || "{}") as Record<string, unknown>,
    };
    this.requests.push(rec);
    const r = this.reply(rec);
    res.writeHead(r.status ?? 200, { "content-type": r.contentType ?? "application/json" }).end(r.body);
  }
}

/** SSE text for a list of events (`event:` line when given). */
export function sse(events: readonly { event?: string; data: unknown }[]): string {
  return events
    .map(
      (e) =>
        `${e.event === undefined ? "" : `event: ${e.event}\n`}data: ${typeof e.data === "string" ? e.data : JSON.stringify(e.data)}\n\n`,
    )
    .join("");
}

/** Raw body text of requests as the upstream parsed them, for "never reached the upstream" checks. */
export function recordedText(upstream: DeterministicUpstream, from: number): string {
  return upstream.requests
    .slice(from)
    .map((r) => JSON.stringify(r.body))
    .join("\n");
}
