import { describe, expect, it } from "vitest";
import { BUILTIN_DETECTORS, compileFilter, DEFAULT_SET_ACTIONS, FilterConfigError, type GatewayPolicySpec } from "./index.js";

const base: GatewayPolicySpec = { podSelector: {}, failMode: "closed" };
const GH = "ghp_aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5";

function configError(fn: () => unknown): FilterConfigError {
  try {
    fn();
  } catch (err) {
    if (err instanceof FilterConfigError) return err;
    throw err;
  }
  throw new Error("expected FilterConfigError");
}

describe("compileFilter", () => {
  it("enables every set with its default action when dlp.sets is absent", () => {
    const f = compileFilter(base);
    const r = f.scan(`token ${GH} mail jane.doe@acme-corp.io`);
    expect(r.findings.map((x) => [x.detectorId, x.action])).toEqual([
      ["github-pat", DEFAULT_SET_ACTIONS["saas-tokens"]],
      ["email-address", DEFAULT_SET_ACTIONS["pii-contact"]],
    ]);
    expect(r.decision).toBe("block");
    expect(f.maxMatchLength).toBeGreaterThanOrEqual(4096);
  });

  it("only runs listed sets, with their actions", () => {
    const f = compileFilter({ ...base, dlp: { sets: [{ name: "pii-contact", action: "log" }], scanResponses: true } });
    const r = f.scan(`token ${GH} mail jane.doe@acme-corp.io`);
    expect(r.findings.map((x) => [x.detectorId, x.action])).toEqual([["email-address", "log"]]);
    expect(r.decision).toBe("log");
  });

  it("compiles custom patterns and reports matches as set custom", () => {
    const f = compileFilter({
      ...base,
      dlp: { sets: [], customPatterns: [{ id: "employee-id", pattern: "EMP-[0-9]{6}", action: "redact" }], scanResponses: true },
    });
    const text = "ticket for EMP-123456 and EMP-654321";
    const r = f.scan(text);
    expect(r.findings.map((x) => [x.detectorId, x.set, text.slice(x.start, x.end)])).toEqual([
      ["employee-id", "custom", "EMP-123456"],
      ["employee-id", "custom", "EMP-654321"],
    ]);
    expect(f.redact(text, r.findings)).toBe("ticket for [REDACTED:employee-id] and [REDACTED:employee-id]");
  });

  it("survives custom patterns that match the empty string", () => {
    const f = compileFilter({
      ...base,
      dlp: { sets: [], customPatterns: [{ id: "maybe", pattern: "x*", action: "log" }], scanResponses: true },
    });
    expect(f.scan("abc xx d").findings.map((x) => [x.start, x.end])).toEqual([[4, 6]]);
  });

  it.each([
    ["lookbehind", "(?<=x)secret"],
    ["lookahead", "secret(?=x)"],
    ["backreference", "(a)\\1"],
    ["bad syntax", "([a-z"],
  ])("rejects a custom pattern with %s (GW_ERR_POLICY_PATTERN naming the id)", (_, pattern) => {
    const err = configError(() =>
      compileFilter({ ...base, dlp: { customPatterns: [{ id: "bad-one", pattern, action: "block" }], scanResponses: true } }),
    );
    expect(err.code).toBe("GW_ERR_POLICY_PATTERN");
    expect(err.message).toContain("bad-one");
    expect(err.message.length).toBeGreaterThan('custom pattern "bad-one" is not valid RE2: '.length);
  });

  it("respects normalization.passes", () => {
    const obf = Array.from(GH).join("\u200b");
    const without = compileFilter({ ...base, normalization: { passes: ["nfkc"], maxDecodeDepth: 2, maxDecodedBytes: 65536 } });
    expect(without.scan(obf).findings).toEqual([]);
    const withZw = compileFilter({ ...base, normalization: { passes: ["zeroWidth"], maxDecodeDepth: 2, maxDecodedBytes: 65536 } });
    expect(withZw.scan(obf).findings.map((f) => [f.detectorId, f.view, f.start, f.end])).toEqual([
      ["github-pat", "zeroWidth", 0, obf.length],
    ]);
  });

  it("exposes metadata for every detector", () => {
    for (const d of BUILTIN_DETECTORS) expect(d.description.length).toBeGreaterThan(5);
  });
});

describe("findings", () => {
  const f = compileFilter(base);

  it("carry the sha256 of the original substring, never the text", async () => {
    const { createHash } = await import("node:crypto");
    const [hit] = f.scan(`x ${GH} y`).findings;
    expect(hit?.sha256).toBe(createHash("sha256").update(GH).digest("hex"));
    expect(JSON.stringify(hit)).not.toContain(GH);
  });

  it("drop weaker findings contained in a stronger one", () => {
    const r = f.scan(`GOOGLE_API_KEY=AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW`);
    expect(r.findings.map((x) => x.detectorId)).toEqual(["gcp-api-key"]);
    const gem = f.scan(`GEMINI_API_KEY=AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW`);
    expect(gem.findings.map((x) => x.detectorId)).toEqual(["google-ai-key"]);
  });

  it("decision is the strongest action", () => {
    expect(f.scan("hello").decision).toBe("allow");
    expect(f.scan("mail jane.doe@acme-corp.io").decision).toBe("redact");
  });
});

describe("redact", () => {
  const f = compileFilter(base);

  it("replaces redact findings, and block findings only when asked", () => {
    const text = `a ${GH} b jane.doe@acme-corp.io c`;
    const r = f.scan(text);
    expect(f.redact(text, r.findings)).toBe(`a ${GH} b [REDACTED:email-address] c`);
    expect(f.redact(text, r.findings, { includeBlock: true })).toBe("a [REDACTED:github-pat] b [REDACTED:email-address] c");
  });

  it("merges overlapping spans and never leaves the secret behind", () => {
    const text = "0123456789";
    const mk = (start: number, end: number, id: string) => ({
      detectorId: id,
      set: "custom",
      action: "redact" as const,
      start,
      end,
      sha256: "",
      view: "raw",
    });
    expect(f.redact(text, [mk(2, 5, "a"), mk(4, 8, "b"), mk(9, 10, "c")])).toBe("01[REDACTED:a]8[REDACTED:c]");
    expect(f.redact(text, [mk(0, 3, "log"), { ...mk(5, 6, "l"), action: "log" }])).toBe("[REDACTED:log]3456789");
  });

  it("redacts obfuscated secrets in the original text", () => {
    const text = `key ${Array.from(GH).join("\u200b")} end`;
    expect(f.redact(text, f.scan(text).findings, { includeBlock: true })).toBe("key [REDACTED:github-pat] end");
  });
});
