import nacl from "tweetnacl";
import { canonicalJson } from "./canonical-json.js";
import type { BundlePayload, SignedBundle } from "./envelope.js";
import { BundleError } from "./errors.js";

export interface KeyPairB64 {
  publicKey: string;
  /** 64-byte tweetnacl secret key (seed + public key), base64 */
  secretKey: string;
}

export function generateKeyPair(): KeyPairB64 {
  const kp = nacl.sign.keyPair();
  return { publicKey: Buffer.from(kp.publicKey).toString("base64"), secretKey: Buffer.from(kp.secretKey).toString("base64") };
}

/** Accepts a 64-byte tweetnacl secret key or a 32-byte seed, base64. */
export function decodeSecretKey(secretKeyB64: string): Uint8Array {
  const bytes = new Uint8Array(Buffer.from(secretKeyB64.trim(), "base64"));
  if (bytes.length === nacl.sign.secretKeyLength) return bytes;
  if (bytes.length === nacl.sign.seedLength) return nacl.sign.keyPair.fromSeed(bytes).secretKey;
  throw new BundleError("GW_ERR_KEYS_INVALID", `secret key must be 32 or 64 bytes, got ${bytes.length}`);
}

/** Signs the canonical JSON of `payload` with Ed25519. The payload is signed as given (no defaults applied). */
export function signBundle(payload: BundlePayload | Record<string, unknown>, secretKey: Uint8Array): SignedBundle {
  const message = new TextEncoder().encode(canonicalJson(payload));
  const signature = Buffer.from(nacl.sign.detached(message, secretKey)).toString("base64");
  return { payload: payload as BundlePayload, signature };
}
