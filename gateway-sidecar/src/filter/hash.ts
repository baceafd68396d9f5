import crypto from "node:crypto";

// crypto.hash (Node >= 20.12) is a one-shot digest without the Hash object round trip.
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: "hex") => string }).hash;

/** Hex sha256 of a string's UTF-8 bytes: findings carry this, never the matched text. */
export function sha256Hex(value: string): string {
  if (oneShot !== undefined) return oneShot("sha256", value, "hex");
  return crypto.createHash("sha256").update(value, "utf8").digest("hex");
}
