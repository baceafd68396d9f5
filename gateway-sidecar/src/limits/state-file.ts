import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync } from "node:fs";
import { open, rename, unlink } from "node:fs/promises";
import { dirname } from "node:path";
import { z } from "zod";
import { GatewayError } from "../errors.js";

// Period keys are compared as strings on roll-over; anything else would silently reset the counter.
const DAILY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const MONTHLY = /^\d{4}-(0[1-9]|1[0-2])$/;
const amount = { tokens: z.number().min(0), costUSD: z.number().min(0) };
const daily = z.object({ period: z.string().regex(DAILY, "must be YYYY-MM-DD"), ...amount }).strict();
const monthly = z.object({ period: z.string().regex(MONTHLY, "must be YYYY-MM"), ...amount }).strict();
const digest = z.string().regex(/^[0-9a-f]{64}$/, "must be a hex sha256");

// Every field is required: a file that parses but lacks budgets or the high-water mark would
// otherwise restart the sidecar with zero spend and no rollback floor.
export const persistedStateSchema = z
  .object({
    schema: z.literal(1),
    savedAt: z.string().optional(),
    budgets: z.record(z.string(), z.object({ daily, monthly }).strict()),
    rate: z.record(z.string(), z.object({ tokens: z.number(), updatedMs: z.number() }).strict()),
    // digest is absent in files written before it was recorded; the next applied bundle adds it.
    policy: z.object({ highestVersion: z.number().int().min(0), digest: digest.optional() }).strict(),
    /** sequence number of the last journal entry folded into this snapshot */
    journalSeq: z.number().int().min(0).optional(),
  })
  .strict();

export type PersistedState = z.infer<typeof persistedStateSchema>;

/** One durable fact appended to the journal between snapshots. */
export const journalEntrySchema = z.discriminatedUnion("k", [
  z
    .object({
      k: z.literal("settle"),
      seq: z.number().int().min(1),
      provider: z.string().min(1),
      daily: z.string().regex(DAILY),
      monthly: z.string().regex(MONTHLY),
      ...amount,
    })
    .strict(),
  z.object({ k: z.literal("policy"), seq: z.number().int().min(1), version: z.number().int().min(0), digest }).strict(),
]);

export type JournalEntry = z.infer<typeof journalEntrySchema>;

/** The first failing field, so the operator knows what to inspect (`budgets.openai.daily.period: must be YYYY-MM-DD`). */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return "invalid";
  const path = issue.path.map(String).join(".");
  return `${path === "" ? "(root)" : path}: ${issue.message}`;
}

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
  if (!parsed.success) {
    throw new GatewayError("GW_ERR_STATE_CORRUPT", `state file ${path} is invalid at ${describeIssue(parsed.error)}`);
  }
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
