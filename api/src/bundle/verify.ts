import { createHash } from "node:crypto";
import nacl from "tweetnacl";
import { CanonicalJsonError, canonicalJson } from "./canonical-json.js";
import { bundleEnvelopeSchema } from "./envelope.js";
import { BundleError, type BundleErrorCode } from "./errors.js";
import type { TrustStore } from "./keys.js";

export interface EnvelopeCheck {
  trust: TrustStore;
  nowMs: number;
  /** tolerated clock difference between signer and verifier */
  skewMs: number;
  /** version of the bundle in force: anything at or below it is a rollback */
  rejectAtOrBelow?: number;
  /** highest version ever applied (persisted): at startup the same version may be reloaded, never an older one */
  rejectBelow?: number;
}

/** A bundle whose signature, validity window and version checked out; the policy is still unvalidated. */
export interface VerifiedEnvelope {
  payload: { version: number; issuedAt: string; expiresAt: string; keyId: string; policy: unknown };
  /** hex sha256 of the canonical payload: identifies the bundle in logs and status */
  digest: string;
  issuedAtMs: number;
  expiresAtMs: number;
}

const ED25519_SIGNATURE_BYTES = 64;

function fail(code: BundleErrorCode, message: string): never {
  throw new BundleError(code, message);
}

function parseEnvelope(text: string) {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return fail("GW_ERR_POLICY_MALFORMED", "bundle is not valid JSON");
  }
  if (typeof raw === "object" && raw !== null && !("signature" in raw) && "payload" in raw) {
    fail("GW_ERR_POLICY_UNSIGNED", "bundle has no signature");
  }
  const parsed = bundleEnvelopeSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    return fail("GW_ERR_POLICY_MALFORMED", `bundle envelope is malformed: ${issues}`);
  }
  const signature = parsed.data.signature;
  if (signature === undefined || signature.length === 0) fail("GW_ERR_POLICY_UNSIGNED", "bundle has no signature");
  return { raw: raw as { payload: unknown }, payload: parsed.data.payload, signature };
}

function canonicalPayload(payload: unknown): string {
  try {
    return canonicalJson(payload);
  } catch (err) {
    const why = err instanceof CanonicalJsonError ? err.message : "unencodable";
    return fail("GW_ERR_POLICY_MALFORMED", `payload cannot be canonicalised: ${why}`);
  }
}

function checkSignature(message: string, signatureB64: string, keyId: string, trust: TrustStore): void {
  // Revocation wins over presence: a revoked key may still sit in the keys list during rotation.
  if (trust.revoked.has(keyId)) fail("GW_ERR_POLICY_KEY_REVOKED", `signing key ${keyId} is revoked`);
  const key = trust.keys.get(keyId);
  if (key === undefined) fail("GW_ERR_POLICY_UNKNOWN_KEY", `signing key ${keyId} is not trusted`);
  const sig = Buffer.from(signatureB64, "base64");
  if (sig.length !== ED25519_SIGNATURE_BYTES || sig.toString("base64") !== signatureB64) {
    fail("GW_ERR_POLICY_BAD_SIGNATURE", "signature is not a base64 Ed25519 signature");
  }
  const ok = nacl.sign.detached.verify(new TextEncoder().encode(message), new Uint8Array(sig), key);
  if (!ok) fail("GW_ERR_POLICY_BAD_SIGNATURE", `signature does not verify with key ${keyId}`);
}

function checkValidity(issuedAt: string, expiresAt: string, opts: EnvelopeCheck) {
  const issuedAtMs = Date.parse(issuedAt);
  const expiresAtMs = Date.parse(expiresAt);
  if (expiresAtMs <= issuedAtMs) fail("GW_ERR_POLICY_MALFORMED", "expiresAt is not after issuedAt");
  if (issuedAtMs - opts.skewMs > opts.nowMs) fail("GW_ERR_POLICY_NOT_YET_VALID", `bundle is not valid before ${issuedAt}`);
  if (expiresAtMs + opts.skewMs <= opts.nowMs) fail("GW_ERR_POLICY_EXPIRED", `bundle expired at ${expiresAt}`);
  return { issuedAtMs, expiresAtMs };
}

function checkVersion(version: number, opts: EnvelopeCheck): void {
  if (opts.rejectAtOrBelow !== undefined && version <= opts.rejectAtOrBelow) {
    fail("GW_ERR_POLICY_ROLLBACK", `bundle version ${version} is not newer than version ${opts.rejectAtOrBelow} in force`);
  }
  if (opts.rejectBelow !== undefined && version < opts.rejectBelow) {
    fail("GW_ERR_POLICY_ROLLBACK", `bundle version ${version} is older than version ${opts.rejectBelow} already applied`);
  }
}

/**
 * Verifies a bundle's envelope. Order matters: nothing inside the payload is trusted (not even its
 * times or version) until the signature checks out.
 */
export function verifyEnvelope(text: string, opts: EnvelopeCheck): VerifiedEnvelope {
  const env = parseEnvelope(text);
  const message = canonicalPayload(env.raw.payload);
  checkSignature(message, env.signature, env.payload.keyId, opts.trust);
  const { issuedAtMs, expiresAtMs } = checkValidity(env.payload.issuedAt, env.payload.expiresAt, opts);
  checkVersion(env.payload.version, opts);
  const digest = createHash("sha256").update(message).digest("hex");
  return { payload: env.payload, digest, issuedAtMs, expiresAtMs };
}
