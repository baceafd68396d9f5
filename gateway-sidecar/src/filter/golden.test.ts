import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DLP_SETS } from "@aispm/api";
import { SET_NAMES } from "./config.js";
import { BUILTIN_DETECTORS, compileFilter } from "./index.js";

interface GoldenCase {
  detector: string;
  positives: { text: string; secret: string }[];
  negatives: string[];
}

const golden = JSON.parse(readFileSync(new URL("./golden/detectors.json", import.meta.url), "utf8")) as GoldenCase[];
const filter = compileFilter({ podSelector: {}, failMode: "closed" });

describe("built-in detector catalogue", () => {
  it("has at least 60 detectors with unique ids, each in a known set", () => {
    expect(BUILTIN_DETECTORS.length).toBeGreaterThanOrEqual(60);
    expect(new Set(BUILTIN_DETECTORS.map((d) => d.id)).size).toBe(BUILTIN_DETECTORS.length);
    for (const d of BUILTIN_DETECTORS) expect(DLP_SETS).toContain(d.set);
  });

  it("covers every set of the policy schema", () => {
    expect([...SET_NAMES]).toEqual([...DLP_SETS]);
    for (const set of DLP_SETS) expect(BUILTIN_DETECTORS.some((d) => d.set === set)).toBe(true);
  });

  it("has a golden case for every detector", () => {
    expect(golden.map((g) => g.detector).sort()).toEqual(BUILTIN_DETECTORS.map((d) => d.id).sort());
  });
});

describe.each(golden)("golden: $detector", ({ detector, positives, negatives }) => {
  it.each(positives)("finds the secret in %#", ({ text, secret }) => {
    const { findings } = filter.scan(text, { injection: false });
    const at = text.indexOf(secret);
    const hit = findings.find((f) => f.detectorId === detector);
    expect(hit, JSON.stringify(findings)).toBeDefined();
    expect(hit?.start).toBeLessThanOrEqual(at);
    expect(hit?.end).toBeGreaterThanOrEqual(at + secret.length);
    expect(filter.redact(text, findings, { includeBlock: true })).not.toContain(secret);
  });

  it.each(negatives)("ignores the near-miss %#", (text) => {
    const { findings } = filter.scan(text, { injection: false });
    expect(findings.filter((f) => f.detectorId === detector)).toEqual([]);
  });
});
