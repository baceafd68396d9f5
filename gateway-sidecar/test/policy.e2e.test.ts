import { mkdirSync, renameSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signBundle } from "@aispm/api/bundle";
import { bundleText, keysFile, payload } from "./helpers/bundles.js";
import { BASE_POLICY, postJson, postStream, REDACT_SECRET, startHarness, streamedText, waitFor, type Harness } from "./helpers/harness.js";

const chat = (text: string, extra: Record<string, unknown> = {}) => ({
  model: "gpt-4o",
  max_tokens: 32,
  messages: [{ role: "user", content: text }],
  ...extra,
});
const STRICT = {
  ...BASE_POLICY,
  dlp: { sets: [{ name: "saas-tokens", action: "block" }] },
  tools: { allowed: ["get_weather"], onViolation: "strip" },
};

describe("no policy and fail-open", () => {
  it("refuses traffic with 503 GW_ERR_NO_POLICY until a valid bundle arrives, then serves it", async () => {
    const h = await startHarness({ policy: null });
    try {
      const res = await postJson(h.url("/v1/chat/completions"), chat("hi"));
      expect(res.status).toBe(503);
      expect((res.body.error as { code: string }).code).toBe("GW_ERR_NO_POLICY");
      expect((res.body.error as { message: string }).message).toContain("GW_ERR_POLICY_UNREADABLE");
      const ready = await fetch(h.url("/readyz"));
      expect(ready.status).toBe(503);
      expect((await fetch(h.url("/healthz"))).status).toBe(200);
      h.writeBundle(1, BASE_POLICY);
      await waitFor(() => h.gw.ctx.policies.current()?.version === 1);
      expect((await fetch(h.url("/readyz"))).status).toBe(200);
      expect((await postJson(h.url("/v1/chat/completions"), chat("hi"))).status).toBe(200);
    } finally {
      await h.close();
    }
  });

  it("passes traffic without a policy only when fail-open is configured", async () => {
    const h = await startHarness({ policy: null, config: { failOpen: true } });
    try {
      const res = await postJson(h.url("/v1/chat/completions"), chat("hi"));
      expect(res.status).toBe(200);
      const ready = (await (await fetch(h.url("/readyz"))).json()) as { ready: boolean; failOpen: boolean };
      expect(ready).toMatchObject({ ready: true, failOpen: true });
      const s = await postStream(h.url("/v1/messages"), {
        model: "m",
        max_tokens: 8,
        stream: true,
        messages: [{ role: "user", content: "yo" }],
      });
      expect(streamedText(s.events)).toBe("echo: yo");
    } finally {
      await h.close();
    }
  });
});

describe("signed policy hot reload", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ policy: BASE_POLICY });
  });
  afterAll(async () => {
    await h.close();
  });

  it("applies a newer bundle without dropping an in-flight stream, and new requests see the new policy", async () => {
    expect((await postJson(h.url("/v1/chat/completions"), chat(`token ${REDACT_SECRET}`))).status).toBe(200); // v1 redacts
    h.upstream.script = () => ({ text: "x".repeat(60), chunkChars: 3, eventDelayMs: 25 });
    let started: () => void = () => undefined;
    const firstBytes = new Promise<void>((r) => {
      started = r;
    });
    const inflight = postStream(h.url("/v1/chat/completions"), chat("long one", { stream: true }), {}, () => {
      started();
    });
    await firstBytes;
    h.writeBundle(2, STRICT);
    await waitFor(() => h.gw.ctx.policies.current()?.version === 2);
    const done = await inflight;
    expect(done.status).toBe(200);
    expect(streamedText(done.events)).toBe("x".repeat(60));
    expect(done.events.at(-1)?.data).toBe("[DONE]");

    h.upstream.script = () => ({});
    const blocked = await postJson(h.url("/v1/chat/completions"), chat(`token ${REDACT_SECRET}`));
    expect(blocked.status).toBe(403);
    expect((blocked.body.error as { code: string }).code).toBe("GW_ERR_DLP_BLOCKED");
    const stripped = await postJson(
      h.url("/v1/chat/completions"),
      chat("weather", {
        tools: [
          { type: "function", function: { name: "get_weather" } },
          { type: "function", function: { name: "exec_shell" } },
        ],
        tool_choice: { type: "function", function: { name: "exec_shell" } },
      }),
    );
    expect(stripped.status).toBe(200);
    const sent = h.upstream.requests.at(-1)?.body as { tools: { function: { name: string } }[]; tool_choice?: unknown };
    expect(sent.tools.map((t) => t.function.name)).toEqual(["get_weather"]);
    expect(sent.tool_choice).toBeUndefined();
  });

  it.each([
    ["tampered", "GW_ERR_POLICY_BAD_SIGNATURE"],
    ["rollback", "GW_ERR_POLICY_ROLLBACK"],
    ["same-version", "GW_ERR_POLICY_ROLLBACK"],
    ["expired", "GW_ERR_POLICY_EXPIRED"],
    ["not-yet-valid", "GW_ERR_POLICY_NOT_YET_VALID"],
    ["bad-pattern", "GW_ERR_POLICY_PATTERN"],
    ["bad-schema", "GW_ERR_POLICY_INVALID"],
    ["unsigned", "GW_ERR_POLICY_UNSIGNED"],
    ["unknown-key", "GW_ERR_POLICY_UNKNOWN_KEY"],
    ["garbage", "GW_ERR_POLICY_MALFORMED"],
  ] as const)("refuses a %s bundle on reload and keeps enforcing the one in force", async (kind, code) => {
    const file = join(h.dir, "bundle.json");
    const tmp = join(h.dir, `.next-${kind}`);
    writeFileSync(tmp, badBundle(h, kind));
    renameSync(tmp, file);
    await waitFor(() => h.gw.ctx.policies.lastError?.code === code);
    expect(h.gw.ctx.policies.current()?.version).toBe(2);
    const still = await postJson(h.url("/v1/chat/completions"), chat(`token ${REDACT_SECRET}`));
    expect((still.body.error as { code: string }).code).toBe("GW_ERR_DLP_BLOCKED");
    const metrics = await (await fetch(h.url("/metrics"))).text();
    expect(metrics).toContain(`aispm_gateway_policy_reloads_total{result="refused",code="${code}"}`);
    expect(metrics).toMatch(/aispm_gateway_policy_version 2/);
  });

  it("withdraws the policy in force when its signing key is revoked (fail closed)", async () => {
    writeFileSync(join(h.dir, "keys.json"), keysFile([h.key], [h.key.id]));
    await waitFor(() => h.gw.ctx.policies.current() === null);
    const res = await postJson(h.url("/v1/chat/completions"), chat("hi"));
    expect(res.status).toBe(503);
    expect((res.body.error as { code: string }).code).toBe("GW_ERR_NO_POLICY");
    expect(h.logs.text).toContain('"event":"gateway.policy.withdrawn"');
  });
});

function badBundle(h: Harness, kind: string): string {
  const policy = STRICT as unknown as Record<string, unknown>;
  switch (kind) {
    case "tampered": {
      const b = JSON.parse(bundleText(h.key, { version: 3, policy })) as { payload: { policy: Record<string, unknown> } };
      b.payload.policy = { podSelector: {} }; // drop all enforcement
      return JSON.stringify(b);
    }
    case "rollback":
      return bundleText(h.key, { version: 1, policy: BASE_POLICY });
    case "same-version":
      return bundleText(h.key, { version: 2, policy: BASE_POLICY });
    case "expired":
      return bundleText(h.key, { version: 4, policy, notBeforeMs: -7_200_000, ttlMs: -60_000 });
    case "not-yet-valid":
      return bundleText(h.key, { version: 5, policy, notBeforeMs: 3_600_000, ttlMs: 7_200_000 });
    case "bad-pattern":
      return bundleText(h.key, {
        version: 6,
        policy: { podSelector: {}, dlp: { customPatterns: [{ id: "x", pattern: "(a", action: "block" }] } },
      });
    case "bad-schema":
      return bundleText(h.key, { version: 7, policy: { podSelector: {}, failMode: "maybe" } });
    case "unsigned":
      return JSON.stringify({ payload: payload(h.key, { version: 8, policy }) });
    case "unknown-key":
      return JSON.stringify(signBundle(payload(h.key, { version: 9, policy, keyId: "other" }), h.key.secretKey));
    default:
      return "{ this is not json";
  }
}

describe("Kubernetes volume updates", () => {
  it("follows a ..data symlink swap through the directory watch (no polling)", async () => {
    const h = await startHarness({ policy: null, config: { policyPollMs: 60_000 } });
    try {
      const write = (version: number) => {
        const ts = join(h.dir, `..2025_v${version}`);
        mkdirSync(ts);
        writeFileSync(join(ts, "bundle.json"), bundleText(h.key, { version, policy: version === 1 ? BASE_POLICY : STRICT }));
        symlinkSync(`..2025_v${version}`, join(h.dir, "..data_tmp"));
        renameSync(join(h.dir, "..data_tmp"), join(h.dir, "..data")); // atomic swap, as kubelet does
      };
      write(1);
      symlinkSync("..data/bundle.json", join(h.dir, "bundle.json"));
      await waitFor(() => h.gw.ctx.policies.current()?.version === 1);
      write(2);
      await waitFor(() => h.gw.ctx.policies.current()?.version === 2);
      const res = await postJson(h.url("/v1/chat/completions"), chat(`token ${REDACT_SECRET}`));
      expect((res.body.error as { code: string }).code).toBe("GW_ERR_DLP_BLOCKED");
    } finally {
      await h.close();
    }
  });
});
