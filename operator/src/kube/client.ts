import { Agent, request as httpsRequest, type RequestOptions } from "node:https";
import type { IncomingMessage } from "node:http";
import { createInterface } from "node:readline";
import { OP_ERR, OperatorError } from "../errors.js";
import { applyKubeconfig, credentialFromOptions, kubeconfigReader, TokenFile } from "./credential-sources.js";
import { DEFAULT_TIMING, RefreshingCredentials, type Credential, type RefreshTiming } from "./credentials.js";
import { loadKubeconfig, type LoadedKubeconfig } from "./kubeconfig.js";

export type Query = Record<string, string | number | boolean | undefined>;

export interface RequestOpts {
  query?: Query;
  body?: unknown;
  contentType?: string;
  signal?: AbortSignal;
}

interface Outgoing {
  method: string;
  url: URL;
  payload: string | undefined;
  contentType: string;
  signal: AbortSignal | undefined;
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

export interface ClientOptions {
  /** Refresh timing for credentials (tests shorten it or supply a clock). */
  timing?: RefreshTiming;
}

async function startCredentials(loaded: LoadedKubeconfig, opts: RequestOptions, timing: RefreshTiming): Promise<RefreshingCredentials> {
  const seed = credentialFromOptions(opts);
  if (!loaded.tokenFile) return new RefreshingCredentials(kubeconfigReader(loaded.kc), seed, timing);
  const file = new TokenFile(loaded.tokenFile, seed);
  return new RefreshingCredentials(file.read, await file.read(true), timing);
}

/**
 * A thin HTTPS client for the Kubernetes API: JSON requests and line-delimited watch streams.
 * Credentials apply per request (a rotated token reaches the next request and every watch
 * reconnect); a 401 re-reads them once and retries that request once.
 */
export class KubeClient {
  private constructor(
    private readonly server: URL,
    private readonly agent: Agent,
    private readonly creds: RefreshingCredentials,
  ) {}

  static async fromKubeconfig(path?: string, options: ClientOptions = {}): Promise<KubeClient> {
    const loaded = loadKubeconfig(path);
    let opts: RequestOptions;
    let creds: RefreshingCredentials;
    try {
      opts = await applyKubeconfig(loaded.kc);
      creds = await startCredentials(loaded, opts, options.timing ?? DEFAULT_TIMING);
    } catch (err) {
      throw new OperatorError(OP_ERR.KUBECONFIG, `cannot read credentials from kubeconfig ${path ?? "(default)"}: ${String(err)}`);
    }
    // The client certificate travels with each request (an exec plugin may rotate it); the agent
    // pools connections per certificate, and only the trust settings are fixed here.
    const agent = new Agent({ keepAlive: true, maxSockets: 32, ca: opts.ca, rejectUnauthorized: opts.rejectUnauthorized ?? true });
    return new KubeClient(loaded.server, agent, creds);
  }

  private send(out: Outgoing, cred: Credential): Promise<IncomingMessage> {
    const headers: Record<string, string | number> = { ...cred.headers, accept: "application/json" };
    if (out.payload !== undefined) {
      headers["content-type"] = out.contentType;
      headers["content-length"] = Buffer.byteLength(out.payload);
    }
    return new Promise((resolve, reject) => {
      const req = httpsRequest(
        out.url,
        { agent: this.agent, cert: cred.cert, key: cred.key, method: out.method, headers, signal: out.signal },
        resolve,
      );
      req.on("error", (err) => {
        reject(new OperatorError(OP_ERR.API, `${out.method} ${out.url.pathname}: ${err.message}`));
      });
      req.end(out.payload);
    });
  }

  private async open(method: string, path: string, opts: RequestOpts): Promise<IncomingMessage> {
    const out: Outgoing = {
      method,
      url: new URL(path + toQueryString(opts.query), this.server),
      payload: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      contentType: opts.contentType ?? "application/json",
      signal: opts.signal,
    };
    const used = await this.creds.current();
    const res = await this.send(out, used);
    if (res.statusCode !== 401) return res;
    let retryWith: Credential | undefined;
    try {
      retryWith = await this.creds.afterUnauthorized(used);
    } catch (err) {
      res.resume();
      throw new OperatorError(
        OP_ERR.CREDENTIALS,
        `${method} ${out.url.pathname} -> HTTP 401, and re-reading credentials failed: ${String(err)}`,
        401,
      );
    }
    // Nothing new to present: hand the 401 to the caller, which reports it as an API error.
    if (!retryWith) return res;
    // A 401 is decided before the request is acted on, so sending it again (even a POST) is safe.
    res.resume();
    return this.send(out, retryWith);
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
