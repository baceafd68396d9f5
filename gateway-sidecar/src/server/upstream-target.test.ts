import { describe, expect, it } from "vitest";
import { gatewayPolicySpec } from "@aispm/api";
import { GatewayError } from "../errors.js";
import { forwardHeaders, hostAllowed, resolveTarget, upstreamUrl } from "./upstream-target.js";

const upstreams = { openai: "https://api.openai.com", anthropic: "https://api.anthropic.com", local: "http://127.0.0.1:8080/base" };
const policy = (allowedHosts?: string[]) =>
  gatewayPolicySpec.parse({ podSelector: {}, upstreams: allowedHosts === undefined ? undefined : { allowedHosts } });

function codeOf(fn: () => unknown): string {
  try {
    fn();
    return "ok";
  } catch (err) {
    return err instanceof GatewayError ? err.code : "other";
  }
}

describe("upstream selection", () => {
  it("matches hosts exactly, by port when given, and *.suffix for subdomains only", () => {
    expect(hostAllowed(new URL("https://api.openai.com/v1"), ["API.openai.com"])).toBe(true);
    expect(hostAllowed(new URL("https://api.openai.com.evil.io"), ["api.openai.com"])).toBe(false);
    expect(hostAllowed(new URL("https://x.openai.azure.com"), ["*.openai.azure.com"])).toBe(true);
    expect(hostAllowed(new URL("https://openai.azure.com"), ["*.openai.azure.com"])).toBe(false);
    expect(hostAllowed(new URL("https://evilopenai.azure.com"), ["*.openai.azure.com"])).toBe(false);
    expect(hostAllowed(new URL("http://127.0.0.1:8080"), ["127.0.0.1:8080"])).toBe(true);
    expect(hostAllowed(new URL("http://127.0.0.1:9090"), ["127.0.0.1:8080"])).toBe(false);
    expect(hostAllowed(new URL("https://api.openai.com"), ["api.openai.com:443"])).toBe(true);
  });

  it("defaults to the route's provider and checks configured upstreams against allowedHosts too", () => {
    expect(resolveTarget("openai", undefined, upstreams, null).base.host).toBe("api.openai.com");
    expect(resolveTarget("openai", "local", upstreams, null).provider).toBe("local");
    expect(codeOf(() => resolveTarget("openai", "local", upstreams, policy(["api.openai.com"])))).toBe("GW_ERR_UPSTREAM_NOT_ALLOWED");
    expect(codeOf(() => resolveTarget("openai", "__proto__", upstreams, null))).toBe("GW_ERR_UPSTREAM_UNKNOWN");
  });

  it("accepts a URL override only under an allowedHosts policy, and only to listed hosts", () => {
    expect(codeOf(() => resolveTarget("openai", "https://api.openai.com", upstreams, null))).toBe("GW_ERR_UPSTREAM_NOT_ALLOWED");
    const t = resolveTarget("openai", "https://x.openai.azure.com/openai", upstreams, policy(["*.openai.azure.com"]));
    expect(t).toMatchObject({ provider: "openai" });
    expect(upstreamUrl(t.base, "/v1/chat/completions", "?api-version=2024-10-21").href).toBe(
      "https://x.openai.azure.com/openai/v1/chat/completions?api-version=2024-10-21",
    );
    expect(codeOf(() => resolveTarget("openai", "https://169.254.169.254", upstreams, policy(["*.openai.azure.com"])))).toBe(
      "GW_ERR_UPSTREAM_NOT_ALLOWED",
    );
    expect(codeOf(() => resolveTarget("openai", "https://user:pw@x.openai.azure.com", upstreams, policy(["*.openai.azure.com"])))).toBe(
      "GW_ERR_UPSTREAM_UNKNOWN",
    );
  });

  it("keeps the configured scheme and port for URL overrides unless the entry lists them", () => {
    const allowed = (url: string, hosts: string[]) => codeOf(() => resolveTarget("openai", url, upstreams, policy(hosts)));
    expect(allowed("http://api.openai.com:8080", ["api.openai.com"])).toBe("GW_ERR_UPSTREAM_NOT_ALLOWED");
    expect(allowed("http://api.openai.com", ["api.openai.com"])).toBe("GW_ERR_UPSTREAM_NOT_ALLOWED");
    expect(allowed("https://api.openai.com:8443", ["api.openai.com"])).toBe("GW_ERR_UPSTREAM_NOT_ALLOWED");
    expect(allowed("https://api.openai.com/v1", ["api.openai.com"])).toBe("ok");
    expect(allowed("https://api.openai.com:8443", ["api.openai.com:8443"])).toBe("ok");
    expect(allowed("http://api.openai.com:8443", ["api.openai.com:8443"])).toBe("GW_ERR_UPSTREAM_NOT_ALLOWED");
    expect(allowed("http://api.openai.com:8080", ["http://api.openai.com:8080"])).toBe("ok");
    expect(allowed("http://proxy.corp", ["http://*.corp"])).toBe("ok");
    expect(allowed("https://proxy.corp", ["http://*.corp"])).toBe("GW_ERR_UPSTREAM_NOT_ALLOWED");
  });

  it("forwards auth headers unchanged and drops hop-by-hop and gateway headers", () => {
    const h = forwardHeaders(
      {
        authorization: "Bearer k",
        "x-api-key": "a",
        "anthropic-version": "2023-06-01",
        connection: "keep-alive",
        host: "gw",
        "x-aispm-upstream": "local",
        "x-agent": "bot",
        "accept-encoding": "gzip",
        "content-length": "3",
      },
      42,
      "x-agent",
    );
    expect(h).toEqual({
      authorization: "Bearer k",
      "x-api-key": "a",
      "anthropic-version": "2023-06-01",
      "content-type": "application/json",
      "content-length": "42",
      "accept-encoding": "identity",
    });
  });
});
