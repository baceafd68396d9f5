import { describe, expect, it } from "vitest";
import { evaluateCorpus, ratio } from "../../../hack/dlp-corpus-report.js";

describe("labelled DLP corpus (test/fixtures/dlp)", () => {
  const report = evaluateCorpus();

  it("is big enough to mean something", () => {
    expect(report.recall.total).toBeGreaterThanOrEqual(150);
    expect(report.falsePositives.total).toBeGreaterThanOrEqual(150);
  });

  it("recall >= 0.95 and false-positive rate <= 0.02", () => {
    expect(ratio(report.recall), report.misses.join("\n")).toBeGreaterThanOrEqual(0.95);
    expect(ratio(report.falsePositives), report.falseAlarms.join("\n")).toBeLessThanOrEqual(0.02);
  });
});
