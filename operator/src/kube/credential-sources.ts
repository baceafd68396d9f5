import { readFile, stat } from "node:fs/promises";
import type { RequestOptions } from "node:https";
import { KubeConfig } from "@kubernetes/client-node";
import type { Credential, CredentialReader } from "./credentials.js";

/** The file operations a token file needs; tests substitute counting fakes. */
export interface TokenFileOps {
  stat(path: string): Promise<{ ino: number; size: number; mtimeMs: number }>;
  readFile(path: string, encoding: "utf8"): Promise<string>;
}

const nodeFiles: TokenFileOps = { stat, readFile };

function withoutAuthorization(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([k]) => k.toLowerCase() !== "authorization"));
}

/**
 * A bearer token kept in a file: the projected service-account token (rotated by the kubelet
 * through a symlink swap) or a kubeconfig `tokenFile`. Other settings (impersonation, client
 * certificate) come from `base`.
 */
export class TokenFile {
  private stamp = "";
  private token = "";
  private cred: Credential;
  private readonly base: Credential;

  constructor(
    readonly path: string,
    base: Credential,
    private readonly files: TokenFileOps = nodeFiles,
  ) {
    this.base = { ...base, headers: withoutAuthorization(base.headers) };
    this.cred = this.base;
  }

  /** Reads the file only when forced or when its inode, size or mtime changed; otherwise one stat. */
  readonly read: CredentialReader = async (force) => {
    const st = await this.files.stat(this.path);
    const stamp = `${st.ino}:${st.size}:${st.mtimeMs}`;
    if (!force && stamp === this.stamp) return this.cred;
    // client-go trims the file too; an empty read is a writer caught mid-rewrite, not a token.
    const token = (await this.files.readFile(this.path, "utf8")).trim();
    if (!token) throw new Error(`token file ${this.path} is empty`);
    this.stamp = stamp;
    if (token !== this.token) {
      this.token = token;
      this.cred = { ...this.base, headers: { ...this.base.headers, authorization: `Bearer ${token}` } };
    }
    return this.cred;
  };
}

function headerValue(v: string | number | readonly string[] | undefined): string | undefined {
  if (v === undefined) return undefined;
  return typeof v === "object" ? v.join(", ") : String(v);
}

/** What KubeConfig.applyToHTTPSOptions put on `opts`, as a Credential (basic auth becomes a header, as in applyToFetchOptions). */
export function credentialFromOptions(opts: RequestOptions): Credential {
  const headers: Record<string, string> = {};
  // client-node always sets a header object; the raw [name, value, ...] array form never comes from it.
  const given = Array.isArray(opts.headers) ? {} : (opts.headers ?? {});
  for (const [k, v] of Object.entries(given)) {
    const value = headerValue(v);
    if (value !== undefined) headers[k] = value;
  }
  if (opts.auth) headers.Authorization = `Basic ${Buffer.from(opts.auth).toString("base64")}`;
  return { headers, cert: opts.cert, key: opts.key };
}

export async function applyKubeconfig(kc: KubeConfig): Promise<RequestOptions> {
  const opts: RequestOptions = {};
  await kc.applyToHTTPSOptions(opts);
  return opts;
}

/**
 * Credentials from client-node's authenticators (exec plugins, OIDC, static token or client
 * certificate). They cache exec/OIDC tokens until expiry, so a periodic re-apply is cheap.
 * A forced read starts from a new KubeConfig over the same in-memory config: its authenticators
 * have empty caches, so an exec plugin runs again; OIDC tokens it refreshed in place carry over,
 * which re-loading the file from disk would lose (and a rotated refresh token with them).
 */
export function kubeconfigReader(kc: KubeConfig): CredentialReader {
  let current = kc;
  return async (force) => {
    if (force) {
      const fresh = new KubeConfig();
      fresh.loadFromOptions({
        clusters: current.getClusters(),
        users: current.getUsers(),
        contexts: current.getContexts(),
        currentContext: current.getCurrentContext(),
      });
      current = fresh;
    }
    return credentialFromOptions(await applyKubeconfig(current));
  };
}
