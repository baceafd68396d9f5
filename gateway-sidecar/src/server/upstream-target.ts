import type { IncomingHttpHeaders, OutgoingHttpHeaders } from "node:http";
import type { GatewayPolicySpec } from "@aispm/api";
import { GatewayError } from "../errors.js";

export const UPSTREAM_HEADER = "x-aispm-upstream";

export interface Target {
  /** provider name: budgets, prices and metrics are keyed by it */
  provider: string;
  base: URL;
}

interface HostEntry {
  scheme: string | undefined;
  host: string;
  port: string | undefined;
}

const effectivePort = (u: URL) => (u.port === "" ? (u.protocol === "https:" ? "443" : "80") : u.port);

/** `host`, `host:port`, `scheme://host` or `scheme://host:port`; a leading `*.` matches any subdomain. */
function parseEntry(raw: string): HostEntry {
  let entry = raw.toLowerCase();
  let scheme: string | undefined;
  const m = /^(https?):\/\//.exec(entry);
  if (m?.[1] !== undefined) {
    scheme = `${m[1]}:`;
    entry = entry.slice(m[0].length).replace(/\/+$/, "");
  }
  const colon = entry.lastIndexOf(":");
  const hasPort = colon > 0 && /^\d+$/.test(entry.slice(colon + 1)) && !entry.slice(0, colon).includes(":");
  const host = hasPort ? entry.slice(0, colon) : entry;
  // scheme://host without a port means that scheme's default port.
  const port = hasPort ? entry.slice(colon + 1) : scheme === undefined ? undefined : scheme === "https:" ? "443" : "80";
  return { scheme, host, port };
}

/**
 * Whether `url` matches one allowlist entry. `pinned` (for client-supplied URLs) is the configured
 * upstream: the scheme and port an entry does not list must equal its scheme and port, so listing
 * `api.openai.com` allows that host over the configured https:443, not over http:8080.
 */
function entryMatches(url: URL, e: HostEntry, pinned: URL | null): boolean {
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, "");
  const hostOk = e.host.startsWith("*.") ? host.endsWith(e.host.slice(1)) && host.length > e.host.length - 1 : host === e.host;
  if (!hostOk) return false;
  const wantScheme = e.scheme ?? pinned?.protocol;
  if (wantScheme !== undefined && url.protocol !== wantScheme) return false;
  const wantPort = e.port ?? (pinned === null ? undefined : effectivePort(pinned));
  return wantPort === undefined || effectivePort(url) === wantPort;
}

/** Allowlist check; `pinned` is the configured upstream whose scheme and port an unlisted part must keep. */
export function hostAllowed(url: URL, allowedHosts: readonly string[], pinned: URL | null = null): boolean {
  return allowedHosts.some((raw) => entryMatches(url, parseEntry(raw), pinned));
}

/**
 * Picks the upstream: the `x-aispm-upstream` header may name a configured upstream, or give a URL
 * when the policy lists allowed hosts (never an open proxy otherwise); default is the route's
 * provider. The resolved host must be in `upstreams.allowedHosts` whenever that is set.
 */
export function resolveTarget(
  defaultUpstream: string,
  header: string | undefined,
  upstreams: Readonly<Record<string, string>>,
  policy: GatewayPolicySpec | null,
): Target {
  const allowedHosts = policy?.upstreams?.allowedHosts;
  let target: Target;
  const choice = header?.trim() ?? "";
  if (choice === "") {
    target = named(defaultUpstream, upstreams);
  } else if (/^https?:\/\//i.test(choice)) {
    if (allowedHosts === undefined) {
      throw new GatewayError("GW_ERR_UPSTREAM_NOT_ALLOWED", "upstream URLs in x-aispm-upstream need a policy with upstreams.allowedHosts");
    }
    target = { provider: defaultUpstream, base: parseUrl(choice) };
    // A client-supplied URL keeps the route's configured scheme and port unless the entry lists them.
    if (!hostAllowed(target.base, allowedHosts, named(defaultUpstream, upstreams).base)) {
      throw new GatewayError(
        "GW_ERR_UPSTREAM_NOT_ALLOWED",
        "upstream URL is not in upstreams.allowedHosts (an entry without scheme or port keeps the configured ones)",
      );
    }
    return target;
  } else {
    target = named(choice, upstreams);
  }
  if (allowedHosts !== undefined && !hostAllowed(target.base, allowedHosts)) {
    throw new GatewayError("GW_ERR_UPSTREAM_NOT_ALLOWED", `upstream host ${target.base.host} is not in upstreams.allowedHosts`);
  }
  return target;
}

function named(name: string, upstreams: Readonly<Record<string, string>>): Target {
  const url = Object.hasOwn(upstreams, name) ? upstreams[name] : undefined;
  if (url === undefined) throw new GatewayError("GW_ERR_UPSTREAM_UNKNOWN", `no upstream named "${name.slice(0, 64)}" is configured`);
  return { provider: name, base: parseUrl(url) };
}

function parseUrl(text: string): URL {
  try {
    const u = new URL(text);
    if (u.protocol !== "http:" && u.protocol !== "https:") throw new Error("scheme");
    if (u.username !== "" || u.password !== "") throw new Error("credentials");
    return u;
  } catch {
    throw new GatewayError("GW_ERR_UPSTREAM_UNKNOWN", "x-aispm-upstream is not a valid http(s) URL");
  }
}

/** Route path appended to the base path; the client's query string (e.g. api-version) is kept. */
export function upstreamUrl(base: URL, routePath: string, search: string): URL {
  const u = new URL(base.href);
  u.pathname = `${base.pathname.replace(/\/+$/, "")}${routePath}`;
  u.search = search;
  return u;
}

const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "host",
  "content-length",
  "content-encoding",
  "accept-encoding",
  "expect",
]);

/** Request headers for the upstream: auth and provider headers unchanged, hop-by-hop and gateway headers dropped. */
export function forwardHeaders(incoming: IncomingHttpHeaders, bodyLength: number, agentHeader: string): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  const drop = new Set([...HOP_BY_HOP, agentHeader.toLowerCase()]);
  for (const [name, value] of Object.entries(incoming)) {
    if (value === undefined || drop.has(name) || name.startsWith("x-aispm-")) continue;
    out[name] = value;
  }
  out["content-type"] = "application/json";
  out["content-length"] = String(bodyLength);
  // We must read what comes back; compressed bodies would need decoding for nothing on a loopback hop.
  out["accept-encoding"] = "identity";
  return out;
}

/** Response headers for the client; the body may be rewritten, so length and encoding are ours to set. */
export function responseHeaders(incoming: IncomingHttpHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(incoming)) {
    if (value === undefined || HOP_BY_HOP.has(name)) continue;
    out[name] = value;
  }
  return out;
}
