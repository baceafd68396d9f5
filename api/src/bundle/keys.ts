import { BundleError } from "./errors.js";
import { keysFileSchema } from "./envelope.js";

/** Trusted Ed25519 verification keys and revoked key ids, as read from the keys file. */
export interface TrustStore {
  keys: ReadonlyMap<string, Uint8Array>;
  revoked: ReadonlySet<string>;
}

const ED25519_PUBLIC_KEY_BYTES = 32;

export function decodeBase64Strict(text: string, what: string): Uint8Array {
  // Buffer.from silently skips garbage; insist on canonical base64 so typos are caught at load time.
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) {
    throw new BundleError("GW_ERR_KEYS_INVALID", `${what} is not valid base64`);
  }
  return new Uint8Array(Buffer.from(text, "base64"));
}

export function parseKeysFile(text: string): TrustStore {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new BundleError("GW_ERR_KEYS_INVALID", "keys file is not valid JSON");
  }
  const parsed = keysFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new BundleError("GW_ERR_KEYS_INVALID", `keys file does not match the schema: ${issues}`);
  }
  const keys = new Map<string, Uint8Array>();
  for (const k of parsed.data.keys) {
    if (keys.has(k.id)) throw new BundleError("GW_ERR_KEYS_INVALID", `duplicate key id ${k.id}`);
    const bytes = decodeBase64Strict(k.publicKey, `publicKey of ${k.id}`);
    if (bytes.length !== ED25519_PUBLIC_KEY_BYTES) {
      throw new BundleError("GW_ERR_KEYS_INVALID", `publicKey of ${k.id} must be 32 bytes, got ${bytes.length}`);
    }
    keys.set(k.id, bytes);
  }
  return { keys, revoked: new Set(parsed.data.revoked) };
}
