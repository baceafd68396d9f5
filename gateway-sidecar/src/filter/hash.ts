import crypto from "node:crypto";

// crypto.hash (Node >= 20.12) is a one-shot digest without the Hash object round trip.
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: "hex") => string }).hash;

/**
 * Hex sha256 of a string's UTF-8 bytes. Findings carry this in memory, never the matched text;
 * it must not be logged as is: a 9-digit SSN or a card number is recovered from it by
 * enumeration. Logs carry `keyedHashHex(key, sha256)` instead.
 */
export function sha256Hex(value: string): string {
  if (oneShot !== undefined) return oneShot("sha256", value, "hex");
  return crypto.createHash("sha256").update(value, "utf8").digest("hex");
}

/** Length of a generated audit hash key (HMAC-SHA-256 block-size keys gain nothing beyond 32 bytes of entropy). */
export const HASH_KEY_BYTES = 32;

/** A fresh random key for `keyedHashHex`. */
export function newHashKey(): Buffer {
  return crypto.randomBytes(HASH_KEY_BYTES);
}

/**
 * HMAC-SHA-256 under a secret key: without the key, enumerating SSNs, card or phone numbers
 * no longer finds the value behind a logged hash; with one key the same value always gives the
 * same hash, so log lines can still be correlated.
 */
export function keyedHashHex(key: Uint8Array, value: string): string {
  return crypto.createHmac("sha256", key).update(value, "utf8").digest("hex");
}
