import { createHash } from "node:crypto";
import type { CompiledFilter, DlpAction, DlpFinding, ScanResult } from "../../src/filter/types.js";

export interface RegexDetector {
  id: string;
  pattern: RegExp;
  action: DlpAction;
  maxLen: number;
}

/**
 * A tiny regex-backed CompiledFilter with known match bounds, for unit-testing the proxy's stream
 * machinery independently of the real detectors (the e2e suite uses the real filter).
 */
export function regexFilter(detectors: readonly RegexDetector[]): CompiledFilter {
  const maxMatchLength = Math.max(...detectors.map((d) => d.maxLen));
  const filter: CompiledFilter = {
    maxMatchLength,
    // Patterns here may span anything, so only the plain length bound is safe.
    holdFrom: (text: string) => Math.max(0, text.length - maxMatchLength + 1),
    scan(text: string): ScanResult {
      const findings: DlpFinding[] = [];
      for (const d of detectors) {
        const re = new RegExp(d.pattern.source, d.pattern.flags.includes("g") ? d.pattern.flags : `${d.pattern.flags}g`);
        for (const m of text.matchAll(re)) {
          const start = m.index;
          const end = start + m[0].length;
          findings.push({
            detectorId: d.id,
            set: "test",
            action: d.action,
            start,
            end,
            sha256: createHash("sha256").update(m[0]).digest("hex"),
            view: "raw",
          });
        }
      }
      const rank = { block: 3, redact: 2, log: 1 } as const;
      const top = findings.reduce((r, f) => Math.max(r, rank[f.action]), 0);
      const decision = top === 3 ? "block" : top === 2 ? "redact" : top === 1 ? "log" : "allow";
      return { findings, injection: { score: 0, signals: [], action: "none" }, decision };
    },
    redact(text: string, findings: readonly DlpFinding[]): string {
      const spans = findings.filter((f) => f.action === "redact").sort((a, b) => b.start - a.start);
      let out = text;
      let floor = Number.POSITIVE_INFINITY;
      for (const f of spans) {
        const end = Math.min(f.end, floor);
        if (end <= f.start) continue;
        out = `${out.slice(0, f.start)}[REDACTED:${f.detectorId}]${out.slice(end)}`;
        floor = f.start;
      }
      return out;
    },
    scanAsync(text: string): Promise<ScanResult> {
      return Promise.resolve(filter.scan(text));
    },
  };
  return filter;
}
