import { parseArgs } from "node:util";
import { z } from "zod";
import { GatewayError } from "./errors.js";

const ms = z.coerce.number().int().positive();
const bool = z.union([z.boolean(), z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1")]);

const hostPort = z
  .string()
  .regex(/^(\[[0-9a-fA-F:]+\]|[^:\s]+):\d{1,5}$/, "must be host:port")
  .transform((s) => {
    const i = s.lastIndexOf(":");
    return { host: s.slice(0, i).replace(/^\[|\]$/g, ""), port: Number(s.slice(i + 1)) };
  })
  .refine((l) => l.port <= 65535, "port out of range");

/** 127.0.0.0/8, ::1 and localhost: only processes in the pod's network namespace can connect. */
export function isLoopback(host: string): boolean {
  const h = host.toLowerCase();
  return h === "localhost" || h === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

const upstreamUrl = z.url().refine((u) => /^https?:$/.test(new URL(u).protocol), "upstream must be http(s)");

const MiB = 1024 * 1024;
// Cross-field checks only make sense once every field parsed (zod would run them on partial input).
const whenValid = { when: (p: { issues: readonly unknown[] }) => p.issues.length === 0 };

const configSchema = z
  .object({
    listen: hostPort.default({ host: "127.0.0.1", port: 8787 }),
    /** the unauthenticated proxy may only bind a non-loopback address when this is set */
    allowNonLoopbackListen: bool.default(false),
    // Probes and Prometheus come from the kubelet / pod IP: health and metrics get their own listener.
    healthListen: hostPort.default({ host: "0.0.0.0", port: 8788 }),
    policyPath: z.string().min(1).optional(),
    keysPath: z.string().min(1).optional(),
    statePath: z.string().min(1).optional(),
    upstreams: z.record(z.string().regex(/^[a-z0-9][-a-z0-9]*$/), upstreamUrl),
    failOpen: bool.default(false),
    /** identity for rate limiting when a request carries no agent header */
    serviceAccount: z.string().min(1).default("unknown"),
    logLevel: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info"),
    timeouts: z.object({
      connectMs: ms.default(5_000),
      // Non-streamed completions only send headers when the whole answer is ready.
      headersMs: ms.default(120_000),
      idleMs: ms.default(60_000),
      totalMs: ms.default(600_000),
    }),
    drainMs: ms.default(25_000),
    policyPollMs: ms.default(5_000),
    reloadDebounceMs: ms.default(100),
    stateFlushMs: ms.default(1_000),
    clockSkewMs: z.coerce.number().int().min(0).default(60_000),
    bodyLimitBytes: ms.default(20 * MiB),
    // Per response, and for all buffered (non-streamed) upstream bodies together: without a global cap
    // eight concurrent 60 MB responses took 924 MiB RSS.
    responseLimitBytes: ms.default(128 * MiB),
    bufferLimitBytes: ms.default(256 * MiB),
    // Client side of the proxy: Fastify's default requestTimeout of 0 let a client dribbling its body
    // hold a connection forever.
    clientHeadersTimeoutMs: ms.default(10_000),
    clientRequestTimeoutMs: ms.default(60_000),
    /** how often Node checks those two deadlines */
    clientTimeoutCheckMs: ms.default(1_000),
    defaultMaxOutputTokens: ms.default(4096),
    defaultMetrics: bool.default(true),
  })
  .refine((c) => c.allowNonLoopbackListen || isLoopback(c.listen.host), {
    ...whenValid,
    path: ["listen"],
    message: "the proxy has no authentication and must listen on loopback; set --allow-non-loopback-listen to override",
  })
  .refine((c) => c.responseLimitBytes <= c.bufferLimitBytes, {
    ...whenValid,
    path: ["responseLimitBytes"],
    message: "must not exceed AISPM_GW_BUFFER_LIMIT_BYTES",
  })
  .refine((c) => c.clientHeadersTimeoutMs <= c.clientRequestTimeoutMs, {
    ...whenValid,
    path: ["clientHeadersTimeoutMs"],
    message: "must not exceed AISPM_GW_CLIENT_REQUEST_TIMEOUT_MS",
  });

export type GatewayConfig = z.infer<typeof configSchema>;

export const DEFAULT_UPSTREAMS: Readonly<Record<string, string>> = {
  openai: "https://api.openai.com",
  anthropic: "https://api.anthropic.com",
};

type Env = Readonly<Record<string, string | undefined>>;

export const GATEWAY_FLAGS = {
  listen: { type: "string" },
  "health-listen": { type: "string" },
  "allow-non-loopback-listen": { type: "boolean" },
  policy: { type: "string" },
  keys: { type: "string" },
  state: { type: "string" },
  upstream: { type: "string", multiple: true },
  "fail-open": { type: "boolean" },
  "service-account": { type: "string" },
  "log-level": { type: "string" },
  "connect-timeout-ms": { type: "string" },
  "headers-timeout-ms": { type: "string" },
  "idle-timeout-ms": { type: "string" },
  "total-timeout-ms": { type: "string" },
  "drain-ms": { type: "string" },
  "poll-ms": { type: "string" },
  "clock-skew-ms": { type: "string" },
} as const;

/** Each flag's environment variable and meaning, for `aispm gateway --help` (same order as GATEWAY_FLAGS). */
export const GATEWAY_FLAG_HELP: readonly { flag: keyof typeof GATEWAY_FLAGS; arg?: string; env: string; text: string }[] = [
  { flag: "listen", arg: "host:port", env: "AISPM_GW_LISTEN", text: "proxy address, loopback only (default 127.0.0.1:8787)" },
  {
    flag: "health-listen",
    arg: "host:port",
    env: "AISPM_GW_HEALTH_LISTEN",
    text: "address for /healthz, /readyz, /metrics (default 0.0.0.0:8788)",
  },
  {
    flag: "allow-non-loopback-listen",
    env: "AISPM_GW_ALLOW_NON_LOOPBACK_LISTEN",
    text: "let the unauthenticated proxy listen on a non-loopback address",
  },
  { flag: "policy", arg: "file", env: "AISPM_GW_POLICY", text: "signed policy bundle (JSON); hot-reloaded" },
  { flag: "keys", arg: "file", env: "AISPM_GW_KEYS", text: "trusted Ed25519 keys and revoked key ids (JSON)" },
  { flag: "state", arg: "file", env: "AISPM_GW_STATE", text: "budget/rate-limit counters and policy high-water mark" },
  { flag: "upstream", arg: "name=url", env: "AISPM_GW_UPSTREAMS", text: "add or override an upstream (repeatable; env: comma list)" },
  { flag: "fail-open", env: "AISPM_GW_FAIL_OPEN", text: "forward unchecked while no valid policy is loaded (default: refuse)" },
  { flag: "service-account", arg: "id", env: "AISPM_GW_SERVICE_ACCOUNT", text: "identity for rate limits when a request names no agent" },
  { flag: "log-level", arg: "level", env: "AISPM_GW_LOG_LEVEL", text: "trace|debug|info|warn|error|fatal|silent (default info)" },
  { flag: "connect-timeout-ms", arg: "ms", env: "AISPM_GW_CONNECT_TIMEOUT_MS", text: "upstream connect timeout (default 5000)" },
  { flag: "headers-timeout-ms", arg: "ms", env: "AISPM_GW_HEADERS_TIMEOUT_MS", text: "upstream response headers timeout (default 120000)" },
  { flag: "idle-timeout-ms", arg: "ms", env: "AISPM_GW_IDLE_TIMEOUT_MS", text: "upstream idle timeout between bytes (default 60000)" },
  { flag: "total-timeout-ms", arg: "ms", env: "AISPM_GW_TOTAL_TIMEOUT_MS", text: "whole-request timeout (default 600000)" },
  { flag: "drain-ms", arg: "ms", env: "AISPM_GW_DRAIN_MS", text: "grace for in-flight requests on SIGTERM (default 25000)" },
  { flag: "poll-ms", arg: "ms", env: "AISPM_GW_POLICY_POLL_MS", text: "policy directory poll interval (default 5000)" },
  { flag: "clock-skew-ms", arg: "ms", env: "AISPM_GW_CLOCK_SKEW_MS", text: "tolerated signer clock skew (default 60000)" },
];

/** "name=url,name=url" (env) or repeated "name=url" flags, on top of the defaults. */
function upstreamMap(entries: readonly string[]): Record<string, string> {
  const out: Record<string, string> = { ...DEFAULT_UPSTREAMS };
  for (const entry of entries) {
    const i = entry.indexOf("=");
    if (i <= 0) throw new GatewayError("GW_ERR_CONFIG", `upstream "${entry}" must be name=url`);
    out[entry.slice(0, i).trim()] = entry
      .slice(i + 1)
      .trim()
      .replace(/\/+$/, "");
  }
  return out;
}

function parseFlags(args: readonly string[]) {
  try {
    return parseArgs({ args: [...args], options: GATEWAY_FLAGS, strict: true, allowPositionals: false }).values;
  } catch (err) {
    throw new GatewayError("GW_ERR_CONFIG", err instanceof Error ? err.message : "invalid flags");
  }
}

function sa(env: Env): string | undefined {
  if (env.AISPM_GW_SERVICE_ACCOUNT !== undefined) return env.AISPM_GW_SERVICE_ACCOUNT;
  if (env.POD_SERVICE_ACCOUNT === undefined) return undefined;
  return env.POD_NAMESPACE === undefined ? env.POD_SERVICE_ACCOUNT : `${env.POD_NAMESPACE}/${env.POD_SERVICE_ACCOUNT}`;
}

type Flags = ReturnType<typeof parseFlags>;

function timeoutInputs(f: Flags, env: Env) {
  return {
    connectMs: f["connect-timeout-ms"] ?? env.AISPM_GW_CONNECT_TIMEOUT_MS,
    headersMs: f["headers-timeout-ms"] ?? env.AISPM_GW_HEADERS_TIMEOUT_MS,
    idleMs: f["idle-timeout-ms"] ?? env.AISPM_GW_IDLE_TIMEOUT_MS,
    totalMs: f["total-timeout-ms"] ?? env.AISPM_GW_TOTAL_TIMEOUT_MS,
  };
}

function tuningInputs(f: Flags, env: Env) {
  return {
    drainMs: f["drain-ms"] ?? env.AISPM_GW_DRAIN_MS,
    policyPollMs: f["poll-ms"] ?? env.AISPM_GW_POLICY_POLL_MS,
    clockSkewMs: f["clock-skew-ms"] ?? env.AISPM_GW_CLOCK_SKEW_MS,
    stateFlushMs: env.AISPM_GW_STATE_FLUSH_MS,
    bodyLimitBytes: env.AISPM_GW_BODY_LIMIT_BYTES,
    responseLimitBytes: env.AISPM_GW_RESPONSE_LIMIT_BYTES,
    bufferLimitBytes: env.AISPM_GW_BUFFER_LIMIT_BYTES,
    clientHeadersTimeoutMs: env.AISPM_GW_CLIENT_HEADERS_TIMEOUT_MS,
    clientRequestTimeoutMs: env.AISPM_GW_CLIENT_REQUEST_TIMEOUT_MS,
    defaultMaxOutputTokens: env.AISPM_GW_DEFAULT_MAX_OUTPUT_TOKENS,
  };
}

/** Pure: flags win over environment variables, which win over defaults. */
export function parseConfig(args: readonly string[], env: Env): GatewayConfig {
  const f = parseFlags(args);
  const envUpstreams = (env.AISPM_GW_UPSTREAMS ?? "").split(",").filter((s) => s.trim().length > 0);
  const parsed = configSchema.safeParse({
    ...tuningInputs(f, env),
    listen: f.listen ?? env.AISPM_GW_LISTEN,
    healthListen: f["health-listen"] ?? env.AISPM_GW_HEALTH_LISTEN,
    allowNonLoopbackListen: f["allow-non-loopback-listen"] ?? env.AISPM_GW_ALLOW_NON_LOOPBACK_LISTEN,
    policyPath: f.policy ?? env.AISPM_GW_POLICY,
    keysPath: f.keys ?? env.AISPM_GW_KEYS,
    statePath: f.state ?? env.AISPM_GW_STATE,
    upstreams: upstreamMap([...envUpstreams, ...(f.upstream ?? [])]),
    failOpen: f["fail-open"] ?? env.AISPM_GW_FAIL_OPEN,
    serviceAccount: f["service-account"] ?? sa(env),
    logLevel: f["log-level"] ?? env.AISPM_GW_LOG_LEVEL,
    timeouts: timeoutInputs(f, env),
  });
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new GatewayError("GW_ERR_CONFIG", `invalid gateway configuration: ${issues}`);
  }
  return parsed.data;
}

/** The only place in the sidecar that reads the process environment. */
export function loadConfig(args: readonly string[]): GatewayConfig {
  return parseConfig(args, process.env);
}

/**
 * Builds a config for embedding (tests, bench) from partial values plus defaults. The health
 * listener defaults to an ephemeral loopback port here so embedded instances never collide on 8788.
 */
export function makeConfig(
  overrides: Partial<Omit<GatewayConfig, "timeouts">> & { timeouts?: Partial<GatewayConfig["timeouts"]> },
): GatewayConfig {
  const base = { ...parseConfig([], {}), healthListen: { host: "127.0.0.1", port: 0 } };
  return { ...base, ...overrides, timeouts: { ...base.timeouts, ...overrides.timeouts } };
}
