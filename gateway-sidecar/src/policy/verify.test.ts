import { describe, expect, it } from "vitest";
import { gatewayPolicySpec } from "@aispm/api";
import { GatewayError, type GwErrorCode } from "../errors.js";
import { compileFilter } from "../filter/index.js";
import { bundleText, keysFile, payload, signed, testKey } from "../../test/helpers/bundles.js";
import { parseKeysFile } from "./keys.js";
import { BundleError, decodeSecretKey, generateKeyPair, signBundle } from "@aispm/api/bundle";
import { verifyBundle, type VerifyOptions } from "./verify.js";

const NOW = Date.parse("2025-06-15T12:00:00Z");
const k1 = testKey("k1");
const k2 = testKey("k2");
const policy = { podSelector: {}, failMode: "closed" };
const trust = parseKeysFile(keysFile([k1, k2], ["k2"]));
const opts = (extra: Partial<VerifyOptions> = {}): VerifyOptions => ({ trust, nowMs: NOW, skewMs: 0, compile: compileFilter, ...extra });

function code(fn: () => unknown): GwErrorCode | "ok" {
  try {
    fn();
    return "ok";
  } catch (err) {
    if (err instanceof GatewayError || err instanceof BundleError) return err.code;
    throw err;
  }
}

describe("verifyBundle", () => {
  const good = bundleText(k1, { version: 3, policy, nowMs: NOW });

  it("accepts a well-formed bundle, applies schema defaults and computes a digest", () => {
    const v = verifyBundle(good, opts());
    expect(v.payload.version).toBe(3);
    expect(v.payload.policy.dlp).toBeUndefined();
    expect(v.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(typeof v.filter.scan).toBe("function");
  });

  it("verifies regardless of key order or formatting (canonical JSON)", () => {
    const b = signed(k1, { version: 3, policy, nowMs: NOW });
    const reordered = JSON.stringify({
      signature: b.signature,
      payload: {
        policy: b.payload.policy,
        keyId: b.payload.keyId,
        expiresAt: b.payload.expiresAt,
        issuedAt: b.payload.issuedAt,
        version: b.payload.version,
      },
    });
    expect(code(() => verifyBundle(reordered, opts()))).toBe("ok");
  });

  it.each([
    ["not JSON", "{nope", "GW_ERR_POLICY_MALFORMED"],
    ["an array", "[]", "GW_ERR_POLICY_MALFORMED"],
    ["no payload", JSON.stringify({ signature: "AAAA" }), "GW_ERR_POLICY_MALFORMED"],
    [
      "a string version",
      JSON.stringify({ payload: { ...payload(k1, { version: 1, policy, nowMs: NOW }), version: "1" }, signature: "x" }),
      "GW_ERR_POLICY_MALFORMED",
    ],
  ] as const)("refuses a malformed bundle: %s", (_name, text, expected) => {
    expect(code(() => verifyBundle(text, opts()))).toBe(expected);
  });

  it("refuses an unsigned bundle (missing or empty signature)", () => {
    const p = payload(k1, { version: 1, policy, nowMs: NOW });
    expect(code(() => verifyBundle(JSON.stringify({ payload: p }), opts()))).toBe("GW_ERR_POLICY_UNSIGNED");
    expect(code(() => verifyBundle(JSON.stringify({ payload: p, signature: "" }), opts()))).toBe("GW_ERR_POLICY_UNSIGNED");
  });

  it("refuses a tampered payload, a tampered signature and a signature by another key", () => {
    const b = signed(k1, { version: 3, policy, nowMs: NOW });
    const tampered = { ...b, payload: { ...b.payload, policy: { ...policy, failMode: "open" } } };
    expect(code(() => verifyBundle(JSON.stringify(tampered), opts()))).toBe("GW_ERR_POLICY_BAD_SIGNATURE");
    const sig = Buffer.from(b.signature, "base64");
    sig[0] = (sig[0] ?? 0) ^ 1;
    expect(code(() => verifyBundle(JSON.stringify({ ...b, signature: sig.toString("base64") }), opts()))).toBe(
      "GW_ERR_POLICY_BAD_SIGNATURE",
    );
    expect(code(() => verifyBundle(JSON.stringify({ ...b, signature: "not base64!" }), opts()))).toBe("GW_ERR_POLICY_BAD_SIGNATURE");
    const other = testKey("k1"); // same id, different key: a forged bundle
    expect(code(() => verifyBundle(bundleText(other, { version: 3, policy, nowMs: NOW }), opts()))).toBe("GW_ERR_POLICY_BAD_SIGNATURE");
  });

  it("refuses an unknown key and a revoked key (even one still listed)", () => {
    expect(code(() => verifyBundle(bundleText(testKey("k9"), { version: 3, policy, nowMs: NOW }), opts()))).toBe(
      "GW_ERR_POLICY_UNKNOWN_KEY",
    );
    expect(code(() => verifyBundle(bundleText(k2, { version: 3, policy, nowMs: NOW }), opts()))).toBe("GW_ERR_POLICY_KEY_REVOKED");
  });

  it("refuses expired and not-yet-valid bundles, honouring the clock skew allowance", () => {
    const expired = bundleText(k1, { version: 3, policy, nowMs: NOW, notBeforeMs: -7_200_000, ttlMs: -1_000 });
    expect(code(() => verifyBundle(expired, opts()))).toBe("GW_ERR_POLICY_EXPIRED");
    expect(code(() => verifyBundle(expired, opts({ skewMs: 5_000 })))).toBe("ok");
    const future = bundleText(k1, { version: 3, policy, nowMs: NOW, notBeforeMs: 10_000 });
    expect(code(() => verifyBundle(future, opts()))).toBe("GW_ERR_POLICY_NOT_YET_VALID");
    expect(code(() => verifyBundle(future, opts({ skewMs: 60_000 })))).toBe("ok");
    const inverted = bundleText(k1, { version: 3, policy, nowMs: NOW, notBeforeMs: 0, ttlMs: -1 });
    expect(code(() => verifyBundle(inverted, opts({ skewMs: 10_000 })))).toBe("GW_ERR_POLICY_MALFORMED");
  });

  it("never rolls back: equal or older than the version in force is refused, newer is accepted", () => {
    expect(code(() => verifyBundle(good, opts({ rejectAtOrBelow: 3 })))).toBe("GW_ERR_POLICY_ROLLBACK");
    expect(code(() => verifyBundle(good, opts({ rejectAtOrBelow: 4 })))).toBe("GW_ERR_POLICY_ROLLBACK");
    expect(code(() => verifyBundle(good, opts({ rejectAtOrBelow: 2 })))).toBe("ok");
    // After a restart the persisted high-water mark allows the same version, never an older one.
    expect(code(() => verifyBundle(good, opts({ rejectBelow: 3 })))).toBe("ok");
    expect(code(() => verifyBundle(good, opts({ rejectBelow: 4 })))).toBe("GW_ERR_POLICY_ROLLBACK");
  });

  it("refuses a signed policy that fails the GatewayPolicy schema", () => {
    const bad = bundleText(k1, { version: 3, policy: { podSelector: {}, failMode: "sideways" }, nowMs: NOW });
    expect(code(() => verifyBundle(bad, opts()))).toBe("GW_ERR_POLICY_INVALID");
    const missing = bundleText(k1, { version: 3, policy: { rateLimits: { requestsPerMinute: 0 } }, nowMs: NOW });
    expect(code(() => verifyBundle(missing, opts()))).toBe("GW_ERR_POLICY_INVALID");
  });

  it("refuses a signed policy whose custom pattern does not compile", () => {
    const p = { podSelector: {}, dlp: { customPatterns: [{ id: "bad", pattern: "(?<=x)y", action: "block" }] } };
    expect(gatewayPolicySpec.safeParse(p).success).toBe(true);
    expect(code(() => verifyBundle(bundleText(k1, { version: 3, policy: p, nowMs: NOW }), opts()))).toBe("GW_ERR_POLICY_PATTERN");
  });

  it("checks the signature before trusting anything inside the payload", () => {
    // Expired AND tampered: the signature failure is what gets reported.
    const b = signed(k1, { version: 3, policy, nowMs: NOW, notBeforeMs: -7_200_000, ttlMs: -1_000 });
    const tampered = { ...b, payload: { ...b.payload, version: 99 } };
    expect(code(() => verifyBundle(JSON.stringify(tampered), opts()))).toBe("GW_ERR_POLICY_BAD_SIGNATURE");
  });
});

describe("keys file and signing helpers", () => {
  it("rejects malformed keys files", () => {
    expect(code(() => parseKeysFile("nope"))).toBe("GW_ERR_KEYS_INVALID");
    expect(code(() => parseKeysFile(JSON.stringify({ keys: [{ id: "a", publicKey: "AAAA" }] })))).toBe("GW_ERR_KEYS_INVALID");
    expect(code(() => parseKeysFile(JSON.stringify({ keys: [{ id: "a", publicKey: "***" }] })))).toBe("GW_ERR_KEYS_INVALID");
    expect(code(() => parseKeysFile(keysFile([k1, { ...k2, id: "k1" }])))).toBe("GW_ERR_KEYS_INVALID");
  });

  it("keygen output signs bundles that verify, from the 64-byte key or its 32-byte seed", () => {
    const kp = generateKeyPair();
    const t = parseKeysFile(JSON.stringify({ keys: [{ id: "g", publicKey: kp.publicKey }] }));
    const p = payload({ id: "g", publicKey: kp.publicKey, secretKey: new Uint8Array() }, { version: 1, policy, nowMs: NOW });
    const full = decodeSecretKey(kp.secretKey);
    const seed = decodeSecretKey(Buffer.from(full.slice(0, 32)).toString("base64"));
    for (const sk of [full, seed]) {
      expect(code(() => verifyBundle(JSON.stringify(signBundle(p, sk)), opts({ trust: t })))).toBe("ok");
    }
    expect(code(() => decodeSecretKey("AAAA"))).toBe("GW_ERR_KEYS_INVALID");
  });
});
