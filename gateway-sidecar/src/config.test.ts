import { describe, expect, it } from "vitest";
import { GATEWAY_FLAG_HELP, GATEWAY_FLAGS, parseConfig } from "./config.js";

describe("gateway config", () => {
  it("documents every flag once, with its environment variable", () => {
    expect(GATEWAY_FLAG_HELP.map((h) => h.flag)).toEqual(Object.keys(GATEWAY_FLAGS));
    for (const h of GATEWAY_FLAG_HELP) expect(h.env).toMatch(/^AISPM_GW_[A-Z_]+$/);
  });

  it("has safe defaults: loopback listen, fail closed, both providers", () => {
    const c = parseConfig([], {});
    expect(c.listen).toEqual({ host: "127.0.0.1", port: 8787 });
    expect(c.failOpen).toBe(false);
    expect(c.upstreams).toEqual({ openai: "https://api.openai.com", anthropic: "https://api.anthropic.com" });
    expect(c.timeouts).toEqual({ connectMs: 5_000, headersMs: 120_000, idleMs: 60_000, totalMs: 600_000 });
  });

  it("reads env, and flags win over env", () => {
    const env = {
      AISPM_GW_LISTEN: "0.0.0.0:9000",
      AISPM_GW_UPSTREAMS: "openai=http://127.0.0.1:1234/,azure=https://x.openai.azure.com",
      AISPM_GW_FAIL_OPEN: "true",
      POD_NAMESPACE: "team-a",
      POD_SERVICE_ACCOUNT: "chatbot",
      AISPM_GW_IDLE_TIMEOUT_MS: "1500",
    };
    const c = parseConfig(["--listen", "127.0.0.1:0", "--upstream", "anthropic=http://127.0.0.1:9", "--policy", "/p/bundle.json"], env);
    expect(c.listen).toEqual({ host: "127.0.0.1", port: 0 });
    expect(c.upstreams).toEqual({ openai: "http://127.0.0.1:1234", anthropic: "http://127.0.0.1:9", azure: "https://x.openai.azure.com" });
    expect(c.failOpen).toBe(true);
    expect(c.serviceAccount).toBe("team-a/chatbot");
    expect(c.timeouts.idleMs).toBe(1500);
    expect(c.policyPath).toBe("/p/bundle.json");
  });

  it("keeps the proxy on loopback unless explicitly allowed; health and metrics get their own listener", () => {
    const c = parseConfig([], {});
    expect(c.healthListen).toEqual({ host: "0.0.0.0", port: 8788 });
    expect(parseConfig(["--health-listen", "10.0.0.5:9100"], {}).healthListen).toEqual({ host: "10.0.0.5", port: 9100 });
    expect(parseConfig([], { AISPM_GW_HEALTH_LISTEN: "[::]:9101" }).healthListen).toEqual({ host: "::", port: 9101 });
    expect(() => parseConfig(["--listen", "0.0.0.0:8787"], {})).toThrow(/listen: the proxy has no authentication/);
    expect(() => parseConfig([], { AISPM_GW_LISTEN: "10.1.2.3:8787" })).toThrow(/GW_ERR_CONFIG|loopback/);
    expect(parseConfig(["--listen", "0.0.0.0:8787", "--allow-non-loopback-listen"], {}).listen.host).toBe("0.0.0.0");
    expect(parseConfig([], { AISPM_GW_LISTEN: "[::1]:1", AISPM_GW_ALLOW_NON_LOOPBACK_LISTEN: "false" }).listen.host).toBe("::1");
  });

  it("bounds buffered bodies and client request time by default", () => {
    const c = parseConfig([], {});
    expect(c.bufferLimitBytes).toBe(256 * 1024 * 1024);
    expect(c.responseLimitBytes).toBe(128 * 1024 * 1024);
    expect(c.clientRequestTimeoutMs).toBe(60_000);
    expect(c.clientHeadersTimeoutMs).toBe(10_000);
    expect(() => parseConfig([], { AISPM_GW_RESPONSE_LIMIT_BYTES: "2000", AISPM_GW_BUFFER_LIMIT_BYTES: "1000" })).toThrow(
      /responseLimitBytes: must not exceed/,
    );
  });

  it.each([
    [["--listen", "nope"], {}],
    [["--bogus"], {}],
    [[], { AISPM_GW_UPSTREAMS: "openai=ftp://x" }],
    [[], { AISPM_GW_IDLE_TIMEOUT_MS: "-1" }],
    [[], { AISPM_GW_FAIL_OPEN: "yes" }],
  ])("rejects invalid settings with GW_ERR_CONFIG: %j %j", (args, env) => {
    expect(() => parseConfig(args, env)).toThrow(/invalid gateway configuration|Unknown option|must be name=url|GW_ERR_CONFIG|option/);
    try {
      parseConfig(args, env);
    } catch (err) {
      expect((err as { code: string }).code).toBe("GW_ERR_CONFIG");
    }
  });
});
