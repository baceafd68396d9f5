import { aiAssetSpec, authRef, conditions, scanScheduleSpec } from "@aispm/api";
import { describe, expect, it } from "vitest";
import { kubectl, waitFor } from "./support/cluster.js";

// The descriptions written in the zod schemas must survive generation, CRD install and the API
// server's OpenAPI publishing, which is where `kubectl explain` reads them.

/** kubectl wraps text at 80 columns, so compare with runs of whitespace collapsed. */
const flat = (s: string): string => s.replace(/\s+/g, " ").trim();

async function explain(path: string): Promise<string> {
  // The API server publishes CRD OpenAPI asynchronously after the CRDs are Established.
  const res = await waitFor(`kubectl explain ${path}`, async () => {
    const r = await kubectl(["explain", path]);
    return r.code === 0 ? r : undefined;
  });
  expect(res.stderr).toBe("");
  return res.stdout;
}

function text(description: string | undefined): string {
  expect(description, "the zod schema carries a description").toBeTruthy();
  return flat(description ?? "");
}

describe("kubectl explain shows the schema descriptions (real kube-apiserver)", () => {
  it("describes aiasset.spec and each of its fields", async () => {
    const out = await explain("aiasset.spec");
    expect(out).not.toContain("<no description>");
    expect(flat(out)).toContain(text(aiAssetSpec.description));
    expect(flat(out)).toContain(text(aiAssetSpec.shape.type.description));
    expect(flat(out)).toContain(text(aiAssetSpec.shape.relations.description));
  });

  it("describes scanschedule.spec.schedule, cron syntax included", async () => {
    const out = await explain("scanschedule.spec.schedule");
    expect(out).not.toContain("<no description>");
    expect(flat(out)).toContain(text(scanScheduleSpec.shape.schedule.description));
    expect(flat(out)).toContain("minute 0-59");
  });

  it("carries the descriptions of shared building blocks wherever they are reused", async () => {
    for (const path of ["aiasset.spec.llmEndpoint.auth", "aiasset.spec.vectorDatabase.auth"]) {
      const out = await explain(path);
      expect(out, path).not.toContain("<no description>");
      expect(flat(out), path).toContain(text(authRef.shape.scheme.description));
    }
    const status = await explain("gatewaypolicy.status.conditions");
    expect(status).not.toContain("<no description>");
    expect(flat(status)).toContain(text(conditions.description));
  });
});
