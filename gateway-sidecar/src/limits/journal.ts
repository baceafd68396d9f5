import { closeSync, fdatasyncSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import { GatewayError } from "../errors.js";
import { describeIssue, journalEntrySchema, type JournalEntry } from "./state-file.js";

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type JournalInput = DistributiveOmit<JournalEntry, "seq">;

/**
 * Append-only log of settled spend and applied policies between two state snapshots. Each append
 * is written and fdatasync'd before it returns, so spend booked before a response is sent survives
 * `kill -9` (the debounced snapshot alone lost up to a second of it). The snapshot records the last
 * sequence number it contains; replay skips entries at or below it, so compaction can lag safely.
 */
export class Journal {
  private fd: number;
  private seq: number;
  /** entries not yet folded into a durable snapshot; kept to rewrite the file on compaction */
  private pending: JournalEntry[];

  private constructor(
    private readonly path: string,
    entries: JournalEntry[],
    snapshotSeq: number,
  ) {
    this.pending = entries.filter((e) => e.seq > snapshotSeq);
    this.seq = Math.max(snapshotSeq, ...entries.map((e) => e.seq));
    this.fd = openSync(path, "a", 0o600);
  }

  /** Opens (creating) the journal next to the state file and returns it with the entries to replay. */
  static open(path: string, snapshotSeq: number): { journal: Journal; replay: JournalEntry[] } {
    mkdirSync(dirname(path), { recursive: true });
    const entries = readJournal(path);
    const journal = new Journal(path, entries, snapshotSeq);
    return { journal, replay: [...journal.pending] };
  }

  get lastSeq(): number {
    return this.seq;
  }

  /** Durable before it returns (write + fdatasync). */
  append(input: JournalInput): JournalEntry {
    const entry: JournalEntry = { ...input, seq: this.seq + 1 };
    writeSync(this.fd, `${JSON.stringify(entry)}\n`);
    fdatasyncSync(this.fd);
    this.seq = entry.seq;
    this.pending.push(entry);
    return entry;
  }

  /**
   * Called once a snapshot holding everything up to `snapshotSeq` is durable: rewrites the journal
   * with the later entries only. Synchronous, so no append can slip in between read and rename.
   */
  compact(snapshotSeq: number): void {
    this.pending = this.pending.filter((e) => e.seq > snapshotSeq);
    const tmp = `${this.path}.${process.pid}.tmp`;
    const fd = openSync(tmp, "w", 0o600);
    try {
      writeSync(fd, this.pending.map((e) => `${JSON.stringify(e)}\n`).join(""));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.path);
    closeSync(this.fd);
    this.fd = openSync(this.path, "a", 0o600);
  }

  close(): void {
    closeSync(this.fd);
  }
}

/**
 * Parses the journal. A final line without its newline is a write cut by a crash: it was never
 * acknowledged, so it is dropped (and truncated away so later appends start on a fresh line).
 * Any complete line that does not parse means the file is not ours or was damaged: fatal.
 */
function readJournal(path: string): JournalEntry[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw new GatewayError("GW_ERR_STATE_CORRUPT", `cannot read state journal ${path}`, { cause: err });
  }
  const end = text.lastIndexOf("\n") + 1;
  if (end < text.length) {
    const fd = openSync(path, "r+");
    try {
      ftruncateSync(fd, Buffer.byteLength(text.slice(0, end)));
    } finally {
      closeSync(fd);
    }
  }
  const lines = text.slice(0, end).split("\n");
  const out: JournalEntry[] = [];
  lines.forEach((line, i) => {
    if (line === "") return;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      throw new GatewayError("GW_ERR_STATE_CORRUPT", `state journal ${path} line ${i + 1} is not valid JSON`);
    }
    const parsed = journalEntrySchema.safeParse(raw);
    if (!parsed.success) {
      throw new GatewayError("GW_ERR_STATE_CORRUPT", `state journal ${path} line ${i + 1} is invalid at ${describeIssue(parsed.error)}`);
    }
    out.push(parsed.data);
  });
  return out;
}
