import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { scanScheduleSpec } from "@aispm/api";
import { describe, expect, it } from "vitest";
import { createNamespace, kubectl, ROOT } from "./support/cluster.js";

const samplesDir = join(ROOT, "config", "samples");
const invalidDir = join(ROOT, "test", "fixtures", "invalid");

describe("CRD validation at apply time (real kube-apiserver)", () => {
  it("accepts every sample in config/samples and serves printer columns", async () => {
    const ns = await createNamespace("samples");
    const res = await kubectl(["apply", "-n", ns, "-f", samplesDir]);
    expect(res.stderr).toBe("");
    expect(res.code).toBe(0);
    const files = (await readdir(samplesDir)).filter((f) => f.endsWith(".yaml"));
    expect(res.stdout.trim().split("\n")).toHaveLength(files.length);
    const types = files.filter((f) => f.startsWith("aiasset-"));
    expect(types).toHaveLength(13);
    const table = await kubectl(["get", "aiassets", "-n", ns]);
    expect(table.stdout.split("\n")[0]).toMatch(/NAME\s+TYPE\s+RISK\s+CRITICAL\s+HIGH\s+LAST-SCAN\s+SHADOW\s+READY\s+AGE/);
    const short = await kubectl(["get", "aia,ss,gwp,fr", "-n", ns, "-o", "name"]);
    expect(short.stdout.trim().split("\n")).toHaveLength(16);
    const category = await kubectl(["get", "aispm", "-n", ns, "-o", "name"]);
    expect(category.stdout.trim().split("\n").length).toBeGreaterThanOrEqual(16);
  });

  it("rejects each invalid manifest with a message naming the offending field", async () => {
    const ns = await createNamespace("invalid");
    const files = (await readdir(invalidDir)).filter((f) => f.endsWith(".yaml")).sort();
    expect(files.length).toBeGreaterThanOrEqual(12);
    for (const file of files) {
      const text = await readFile(join(invalidDir, file), "utf8");
      const expected = /^# expect: (.+)$/m.exec(text)?.[1]?.trim();
      expect(expected, `${file} declares the field it expects`).toBeTruthy();
      const res = await kubectl(["apply", "-n", ns, "-f", "-"], text);
      expect(res.code, `${file} must be rejected`).not.toBe(0);
      expect(res.stderr, `${file}: ${res.stderr}`).toContain(expected ?? "");
      expect(res.stderr).toMatch(/is invalid/);
    }
  });

  it("agrees with the operator's zod schema on cron schedules (pattern + CEL on the server)", async () => {
    const ns = await createNamespace("cron");
    const cases: [string, boolean][] = [
      ["*/15 9-17 * * MON-FRI", true],
      ["0 0 1 JAN *", true],
      ["0 0 * JAN-MAR,OCT-DEC SUN-7", true],
      ["1-5/2,10-20 * * * *", true],
      ["59 23 31 12 7", true],
      ["0  2  *  *  *", true],
      ["@hourly", true],
      ["@annually", true],
      ["foo foo foo foo foo", false],
      ["61 * * * *", false],
      ["* 24 * * *", false],
      ["* * 0 * *", false],
      ["* * * 13 *", false],
      ["* * * * 8", false],
      ["*/0 * * * *", false],
      ["30-10 * * * *", false],
      ["* * * * FRI-MON", false],
      ["1-5,20-10/2 * * * *", false],
      ["1,2,,3 * * * *", false],
      ["* * * *", false],
      ["* * * * * *", false],
      ["@every 1h", false],
    ];
    for (const [schedule, valid] of cases) {
      expect(scanScheduleSpec.shape.schedule.safeParse(schedule).success, `zod: ${schedule}`).toBe(valid);
      const doc = `apiVersion: aispm.dev/v1alpha1
kind: ScanSchedule
metadata: {name: cron-case}
spec: {schedule: "${schedule}", assetSelector: {}, suites: [owasp-llm]}
`;
      const res = await kubectl(["apply", "--dry-run=server", "-n", ns, "-f", "-"], doc);
      expect(res.code === 0, `server: ${schedule}: ${res.stderr}`).toBe(valid);
      if (!valid) expect(res.stderr, schedule).toContain("spec.schedule");
    }
  });

  it("keeps FindingReview immutable once recorded", async () => {
    const ns = await createNamespace("review");
    const doc = (comment: string) => `apiVersion: aispm.dev/v1alpha1
kind: FindingReview
metadata: {name: fp-1}
spec: {assetRef: {name: a}, findingId: f-1, action: false-positive, comment: "${comment}"}
`;
    expect((await kubectl(["apply", "-n", ns, "-f", "-"], doc("scanner misread"))).code).toBe(0);
    const edit = await kubectl(["apply", "-n", ns, "-f", "-"], doc("changed my mind"));
    expect(edit.code).not.toBe(0);
    expect(edit.stderr).toContain("cannot be edited");
  });
});
