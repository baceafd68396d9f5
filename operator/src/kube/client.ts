import { Agent, request as httpsRequest, type RequestOptions } from "node:https";
import type { IncomingMessage } from "node:http";
import { createInterface } from "node:readline";
import { KubeConfig } from "@kubernetes/client-node";
import { OP_ERR, OperatorError } from "../errors.js";

export type Query = Record<string, string | number | boolean | undefined>;

export interface RequestOpts {
  query?: Query;
  body?: unknown;
  contentType?: string;
  signal?: AbortSignal;
}

interface Status {
  kind?: string;
  message?: string;
  reason?: string;
  code?: number;
}

function toQueryString(query: Query | undefined): string {
  if (!query) return "";
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : "";
}

async function readBody(res: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function apiError(status: number, body: string, what: string): OperatorError {
  let message = body.slice(0, 2000);
  try {
    const parsed = JSON.parse(body) as Status;
    if (parsed.message) message = parsed.message;
  } catch {
    // not a Status object; keep the raw text
  }
  const code = status === 409 ? OP_ERR.API_CONFLICT : status === 410 ? OP_ERR.WATCH_GONE : OP_ERR.API;
  return new OperatorError(code, `${what} -> HTTP ${status}: ${message}`, status);
}

/** A thin HTTPS client for the Kubernetes API: JSON requests and line-delimited watch streams. */
export class KubeClient {
  private constructor(
    private readonly server: URL,
    private readonly base: RequestOptions,
  ) {}

  static async fromKubeconfig(path?: string): Promise<KubeClient> {
    const kc = new KubeConfig();
    try {
      if (path) kc.loadFromFile(path);
      else kc.loadFromDefault();
    } catch (err) {
      throw new OperatorError(OP_ERR.KUBECONFIG, `cannot load kubeconfig ${path ?? "(default)"}: ${String(err)}`);
    }
    const cluster = kc.getCurrentCluster();
    if (!cluster) throw new OperatorError(OP_ERR.KUBECONFIG, "kubeconfig has no current cluster");
    const opts: RequestOptions = {};
    await kc.applyToHTTPSOptions(opts);
    const agent = new Agent({ keepAlive: true, maxSockets: 32, ca: opts.ca, cert: opts.cert, key: opts.key, rejectUnauthorized: opts.rejectUnauthorized ?? true });
    return new KubeClient(new URL(cluster.server), { agent, headers: opts.headers ?? {} });
  }

  private open(method: string, path: string, opts: RequestOpts): Promise<IncomingMessage> {
    const url = new URL(path + toQueryString(opts.query), this.server);
    const payload = opts.body === undefined ? undefined : JSON.stringify(opts.body);
    const headers: Record<string, string | number> = { ...(this.base.headers as Record<string, string>), accept: "application/json" };
    if (payload !== undefined) {
      headers["content-type"] = opts.contentType ?? "application/json";
      headers["content-length"] = Buffer.byteLength(payload);
    }
    return new Promise((resolve, reject) => {
      const req = httpsRequest(url, { ...this.base, method, headers, signal: opts.signal }, resolve);
      req.on("error", (err) => {
        reject(new OperatorError(OP_ERR.API, `${method} ${url.pathname}: ${err.message}`));
      });
      req.end(payload);
    });
  }

  async request<T>(method: string, path: string, opts: RequestOpts = {}): Promise<T> {
    const res = await this.open(method, path, opts);
    const body = await readBody(res);
    const status = res.statusCode ?? 0;
    if (status < 200 || status >= 300) throw apiError(status, body, `${method} ${path}`);
    return (body ? JSON.parse(body) : {}) as T;
  }

  /** Yields one parsed JSON object per line of a streaming (watch) response. */
  async *stream<T>(path: string, opts: RequestOpts = {}): AsyncGenerator<T> {
    const res = await this.open("GET", path, opts);
    const status = res.statusCode ?? 0;
    if (status < 200 || status >= 300) throw apiError(status, await readBody(res), `WATCH ${path}`);
    const lines = createInterface({ input: res, crlfDelay: Infinity });
    try {
      for await (const line of lines) {
        if (line.trim()) yield JSON.parse(line) as T;
      }
    } finally {
      lines.close();
      res.destroy();
    }
  }
}
