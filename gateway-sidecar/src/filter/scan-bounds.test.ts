import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compileFilter } from "./index.js";
import { textWindows } from "./scan-windows.js";
import type { DlpFinding } from "./types.js";

interface GoldenCase {
  detector: string;
  positives: { text: string; secret: string }[];
}

const golden = JSON.parse(readFileSync(new URL("./golden/detectors.json", import.meta.url), "utf8")) as GoldenCase[];
const filter = compileFilter({ podSelector: {}, failMode: "closed" });
const MiB = 1024 * 1024;

const PROSE = "The quick brown fox jumps over the lazy dog while the band plays on. ";
function prose(size: number): string {
  let out = "";
  while (out.length < size) out += PROSE.repeat(3) + "\n";
  return out.slice(0, size);
}

const key = (f: DlpFinding) => `${f.detectorId}:${f.start}:${f.end}`;

describe("scan bounds", () => {
  it("blocks with too-many-matches instead of silently stopping when one detector matches without end", () => {
    const r = filter.scan("123-45-6789 ".repeat(MiB / 12));
    expect(r.decision).toBe("block");
    expect(r.findings.map((f) => f.detectorId)).toContain("too-many-matches:us-ssn");
  });

  it("blocks with too-many-findings when valid findings exceed the per-scan bound", () => {
    const r = filter.scan("mail jo.smith@acme-mail.io now\n".repeat(2000));
    expect(r.decision).toBe("block");
    expect(r.findings.map((f) => f.detectorId)).toContain("too-many-findings");
  });

  it("reports adjacent matches that share a separator", () => {
    const r = filter.scan("536-22-8841 536-22-8842");
    expect(r.findings.filter((f) => f.detectorId === "us-ssn").map((f) => [f.start, f.end])).toEqual([
      [0, 11],
      [12, 23],
    ]);
  });

  it("finds every golden secret that straddles a window edge of a big text exactly as in a small one", () => {
    const filler = prose(40 * 1024);
    const edges = new Set<number>();
    for (const w of textWindows(filler, filter.maxMatchLength)) {
      if (w.cutLeft) edges.add(w.start);
      if (w.cutRight) edges.add(w.end);
    }
    expect(edges.size).toBeGreaterThan(2);
    const [leftEdge, rightEdge] = [Math.min(...edges), Math.max(...edges)];
    for (const g of golden) {
      const positive = g.positives[0];
      if (positive === undefined) continue;
      const text = `\n${positive.text}\n`;
      const small = filter.scan(text, { injection: false }).findings;
      for (const edge of [leftEdge, rightEdge]) {
        for (const at of [edge - (text.length >> 1)]) {
          const big = filter.scan(filler.slice(0, at) + text + filler.slice(at), { injection: false });
          const got = new Set(big.findings.map(key));
          for (const f of small) expect(got, `${g.detector} at ${at}`).toContain(key({ ...f, start: f.start + at, end: f.end + at }));
        }
      }
    }
  });

  it("scanAsync gives the same result as scan and lets the event loop run while it works", async () => {
    const text = prose(MiB) + " ｐａｓｓｗｏｒｄ\u200b = Zx9#kq2!Lm ; é".repeat(300) + " jo.smith@acme-mail.io";
    const sync = filter.scan(text);
    let ticks = 0;
    let slowest = 0;
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      slowest = Math.max(slowest, now - last);
      last = now;
      ticks++;
    }, 1);
    const t0 = performance.now();
    const result = await filter.scanAsync(text);
    const elapsed = performance.now() - t0;
    clearInterval(timer);
    expect(result).toEqual(sync);
    expect(result.findings.some((f) => f.detectorId === "email-address")).toBe(true);
    // A timer fired throughout, i.e. no single step held the loop for long (generous for a loaded CI box).
    expect(ticks).toBeGreaterThan(elapsed / 100);
    expect(slowest).toBeLessThan(100);
  });
});
