import { createHash } from "node:crypto";

/** Hex sha256 of a string's UTF-8 bytes: findings carry this, never the matched text. */
export function sha256Hex(value: string): string {
  return createHash("sha256").update(value, "utf8").digest("hex");
}
