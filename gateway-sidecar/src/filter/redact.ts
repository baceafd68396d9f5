import type { DlpFinding } from "./types.js";

export interface RedactOptions {
  /** also replace findings whose action is block (the proxy may redact instead of refusing) */
  readonly includeBlock?: boolean;
}

interface Span {
  start: number;
  end: number;
  label: string;
}

/** Overlapping / touching spans collapse into one; the label of the earliest-starting span wins. */
function mergeSpans(spans: Span[]): Span[] {
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Span[] = [];
  for (const s of spans) {
    const last = out[out.length - 1];
    if (last !== undefined && s.start < last.end) last.end = Math.max(last.end, s.end);
    else out.push({ ...s });
  }
  return out;
}

/** Replaces finding spans with `[REDACTED:<detectorId>]`. */
export function redactText(text: string, findings: readonly DlpFinding[], options: RedactOptions = {}): string {
  const spans: Span[] = [];
  for (const f of findings) {
    const wanted = f.action === "redact" || (f.action === "block" && options.includeBlock === true);
    const start = Math.max(0, Math.min(f.start, text.length));
    const end = Math.max(start, Math.min(f.end, text.length));
    if (wanted && end > start) spans.push({ start, end, label: f.detectorId });
  }
  // One pass left to right into parts: re-slicing the whole text per span would be O(text × spans).
  const parts: string[] = [];
  let copied = 0;
  for (const s of mergeSpans(spans)) {
    parts.push(text.slice(copied, s.start), `[REDACTED:${s.label}]`);
    copied = s.end;
  }
  parts.push(text.slice(copied));
  return parts.join("");
}
