import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync } from "node:fs";
import { open, rename, unlink } from "node:fs/promises";
import { dirname } from "node:path";
import { z } from "zod";
import { GatewayError } from "../errors.js";

const periodUsage = z.object({ period: z.string(), tokens: z.number().min(0), costUSD: z.number().min(0) });

export const persistedStateSchema = z.object({
  schema: z.literal(1),
  savedAt: z.string().optional(),
  budgets: z.record(z.string(), z.object({ daily: periodUsage, monthly: periodUsage })).default({}),
  rate: z.record(z.string(), z.object({ tokens: z.number(), updatedMs: z.number() })).default({}),
  policy: z.object({ highestVersion: z.number().int().min(0) }).default({ highestVersion: 0 }),
});

export type PersistedState = z.infer<typeof persistedStateSchema>;

/** Reads the state file once at startup. Missing is fine (first start); unreadable or invalid is fatal. */
export function readStateFile(path: string): PersistedState | null {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new GatewayError("GW_ERR_STATE_CORRUPT", `cannot read state file ${path}`, { cause: err });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new GatewayError("GW_ERR_STATE_CORRUPT", `state file ${path} is not valid JSON`, { cause: err });
  }
  const parsed = persistedStateSchema.safeParse(raw);
  if (!parsed.success) throw new GatewayError("GW_ERR_STATE_CORRUPT", `state file ${path} does not match its schema`);
  return parsed.data;
}

/**
 * Crash-safe replace: write a temp file in the same directory, fsync, rename over the target.
 * A reader (or a restart) sees either the old or the new file, never a torn one.
 */
export async function writeStateFileAtomic(path: string, state: PersistedState): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  const fh = await open(tmp, "w", 0o600);
  try {
    await fh.writeFile(JSON.stringify(state));
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  // Persist the rename itself; not every filesystem supports fsync on a directory, so best effort.
  const dir = await open(dirname(path), "r").catch(() => null);
  if (dir === null) return;
  try {
    await dir.sync();
  } catch {
    // fsync on a directory is not supported everywhere; the rename is still atomic.
  } finally {
    await dir.close();
  }
}
