import { randomBytes } from "node:crypto";
import { chmodSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { HASH_KEY_BYTES } from "../filter/hash.js";

/** File name of the per-install audit HMAC key, kept next to the state file. */
export const AUDIT_KEY_FILE = "audit-hmac.key";

/** Where the key lives for a given state file (same directory, so it shares the volume's lifetime). */
export function auditKeyPathFor(statePath: string): string {
  return join(dirname(statePath), AUDIT_KEY_FILE);
}

function parseKey(text: string, path: string): Buffer {
  const hex = text.trim();
  if (!/^[0-9a-f]{64,}$/i.test(hex) || hex.length % 2 !== 0) throw new Error(`audit key file ${path} must hold at least 32 bytes as hex`);
  return Buffer.from(hex, "hex");
}

/**
 * The per-install secret for audit-log hashes: read from `path`, or generated at first start and
 * written there with mode 0600. `wx` makes two starting processes agree on one key: the loser of
 * the race reads the winner's file.
 */
export function loadOrCreateAuditKey(path: string): Buffer {
  try {
    return parseKey(readFileSync(path, "utf8"), path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  const key = randomBytes(HASH_KEY_BYTES);
  try {
    writeFileSync(path, `${key.toString("hex")}\n`, { mode: 0o600, flag: "wx" });
    chmodSync(path, 0o600); // the umask may have narrowed nothing, but never widened: make it exact
    return key;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return parseKey(readFileSync(path, "utf8"), path);
    throw err;
  }
}
