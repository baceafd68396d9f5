import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileFilter } from "../filter/index.js";
import { HoldbackScanner } from "./holdback.js";

interface GoldenCase {
  detector: string;
  positives: { text: string; secret: string }[];
}
const golden = JSON.parse(readFileSync(join(import.meta.dirname, "..", "filter", "golden", "detectors.json"), "utf8")) as GoldenCase[];
const filter = compileFilter({ podSelector: {}, failMode: "closed" });
const PROSE = "The quarterly report covers onboarding, latency budgets and the migration plan for the billing service. ";

function stream(text: string, chunk: number): { out: string; blocked: boolean; releasedBeforeEnd: number } {
  const s = new HoldbackScanner(filter);
  let out = "";
  let blocked = false;
  for (let i = 0; i < text.length && !blocked; i += chunk) {
    const r = s.push(text.slice(i, i + chunk));
    out += r.text;
    blocked = r.blocked.length > 0;
  }
  const releasedBeforeEnd = out.length;
  if (!blocked) {
    const r = s.end();
    out += r.text;
    blocked = r.blocked.length > 0;
  }
  return { out, blocked, releasedBeforeEnd };
}

/** Every 16-character piece of the secret (the whole secret when shorter). */
const pieces = (secret: string): string[] => {
  const n = Math.min(16, secret.length);
  return Array.from({ length: secret.length - n + 1 }, (_, i) => secret.slice(i, i + n));
};

describe("HoldbackScanner with the real default filter", () => {
  it.each(golden.map((g) => [g.detector, g] as const))("never releases a fragment of a %s secret, whatever the chunking", (_id, g) => {
    for (const { text, secret } of g.positives) {
      // A detector may need its own context line, so the secret sits between whole prose sentences.
      const doc = `${PROSE.repeat(6)}\n${text}\n${PROSE.repeat(6)}`;
      const whole = filter.scan(doc, { injection: false });
      if (!whole.findings.some((f) => f.action !== "log")) continue; // log-only: nothing to withhold
      for (const chunk of [1, 7, 64]) {
        const { out } = stream(doc, chunk);
        for (const piece of pieces(secret)) expect(out, `${g.detector} chunk=${String(chunk)} leaked "${piece}"`).not.toContain(piece);
      }
    }
  });

  it("streams prose a few hundred characters behind the model, not a whole key block behind", () => {
    const prose = PROSE.repeat(80); // ~8 KiB
    const { out, releasedBeforeEnd } = stream(prose, 20);
    expect(out).toBe(prose);
    expect(prose.length - releasedBeforeEnd).toBeLessThanOrEqual(600);
  });

  it("holds an open private-key block until it is complete", () => {
    const begin = "-----BEGIN OPENSSH PRIVATE KEY-----\n";
    const body = `${"b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW".repeat(20)}\n`;
    const head = PROSE.repeat(10);
    expect(filter.holdFrom(`${head}${begin}${body}`)).toBe(head.length);
    expect(filter.holdFrom(`${head}${begin}${body}-----END OPENSSH PRIVATE KEY-----\n${PROSE}`)).toBeGreaterThan(head.length);
  });
});
