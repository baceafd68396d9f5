import RE2 from "re2";
import { MappedBuilder, type PassOutput } from "./view.js";

/** Shared decode budget across all depths of one scan. */
export interface DecodeBudget {
  remainingBytes: number;
}

const MIN_BASE64 = 16; // 12 decoded bytes: shorter runs are mostly identifiers
const MIN_HEX = 16;
const PROBE_CHARS = 64; // decode a prefix first so big binary blobs (images) are rejected cheaply

// Runs of the base64 alphabet (incl. url-safe '-' '_') with optional '=' padding. One
// RE2 call returns every run; a run is maximal, so indexOf from the previous end finds it.
const RUN = new RE2("[A-Za-z0-9+/_-]{16,}={0,2}", "g");

function isHexRun(text: string): boolean {
  return /^[0-9a-fA-F]+$/.test(text);
}

/** Decoded bytes count as text when almost all are printable and it has some letters. */
export function looksLikeText(decoded: string): boolean {
  if (decoded.length < 6) return false;
  let bad = 0;
  let letters = 0;
  for (let i = 0; i < decoded.length; i++) {
    const c = decoded.charCodeAt(i);
    if (c === 0xfffd || c === 0x7f || (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d)) bad++;
    else if ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a) letters++;
  }
  return bad <= decoded.length * 0.03 && letters >= decoded.length * 0.3;
}

function decodeRun(run: string): Buffer | null {
  if (run.length >= MIN_HEX && run.length % 2 === 0 && isHexRun(run)) {
    // hex digests are common and never text: require the probe to read as text
    return Buffer.from(run, "hex");
  }
  if (run.length < MIN_BASE64 || run.length % 4 === 1) return null;
  return Buffer.from(run, "base64");
}

/** Decodes one candidate run; returns null unless it decodes to text within budget. */
function decodeCandidate(run: string, budget: DecodeBudget): string | null {
  const probe = decodeRun(run.length > PROBE_CHARS ? run.slice(0, PROBE_CHARS) : run);
  if (probe === null || !looksLikeText(probe.toString("utf8"))) return null;
  const estimate = Math.ceil((run.length * 3) / 4);
  if (estimate > budget.remainingBytes) return null;
  const full = run.length > PROBE_CHARS ? decodeRun(run) : probe;
  if (full === null) return null;
  const text = full.toString("utf8");
  if (!looksLikeText(text)) return null;
  budget.remainingBytes -= full.length;
  return text;
}

/**
 * Replaces base64 / hex runs that decode to readable text with their decoding. Every
 * decoded unit maps to the whole encoded run, so a finding inside it covers the run.
 */
export function decodeSegmentsPass(input: string, budget: DecodeBudget): PassOutput | null {
  RUN.lastIndex = 0;
  const runs = RUN.match(input);
  if (runs === null) return null;
  let b: MappedBuilder | null = null;
  let copied = 0;
  let from = 0;
  for (const run of runs) {
    const start = input.indexOf(run, from);
    if (start < 0 || budget.remainingBytes <= 0) break;
    const end = start + run.length;
    from = end;
    const decoded = decodeCandidate(run.replace(/=+$/, ""), budget);
    if (decoded === null) continue;
    b ??= new MappedBuilder(input.length);
    b.copy(input, copied, start);
    b.emit(decoded, start, end);
    copied = end;
  }
  if (b === null) return null;
  b.copy(input, copied, input.length);
  return b.finish();
}
