// Two controllers write one AIAsset's status under their own field managers (server-side apply on
// the real API server): in any order and repeatedly, neither erases the other's fields or conditions.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OWNED_CONDITIONS } from "../operator/src/controllers/aiasset/status.js";
import { Applier } from "../operator/src/runtime/apply.js";
import type { KubeObject } from "../operator/src/kube/types.js";
import { objectPath } from "../operator/src/kube/paths.js";
import {
  AIASSETS,
  condition,
  createAsset,
  createNamespace,
  getAsset,
  kube,
  startOperator,
  waitFor,
  type Asset,
  type OperatorProcess,
} from "./support/cluster.js";

const T0 = "2026-11-01T10:00:00Z";
const cond = (type: string, status: "True" | "False", reason: string) => ({
  type,
  status,
  reason,
  message: reason,
  lastTransitionTime: T0,
  observedGeneration: 1,
});
const endpoint = { type: "LLMEndpoint", llmEndpoint: { url: "https://api.openai.com/v1", provider: "openai", model: "gpt-4o" } };

/** What a scan collector owns: scan results and its own condition type. */
const scanStatus = (risk: number, withCondition = true) => ({
  riskScore: risk,
  severityCounts: { critical: 1, high: 2, medium: 0, low: 0, info: 0 },
  lastScan: { time: T0, report: "chat-scan-1", result: "Completed" },
  ...(withCondition ? { conditions: [cond("Scanned", "True", "ScanCompleted")] } : {}),
});
/** What the inventory controller owns. */
const inventoryStatus = (ready: boolean) => ({
  observedGeneration: 1,
  type: "LLMEndpoint",
  endpointHost: "api.openai.com",
  conditions: [cond("Ready", ready ? "True" : "False", ready ? "Inventoried" : "RelationsUnresolved")],
});

const managersOf = (a: Asset): string[] =>
  (a.metadata.managedFields ?? []).filter((m) => m.subresource === "status").map((m) => m.manager ?? "");

describe("a field manager per controller (real API server)", () => {
  let ns: string;
  beforeAll(async () => {
    ns = await createNamespace("fieldmgr");
  });

  it("two managers writing different status fields and conditions never erase each other, in any order", async () => {
    const asset = (await createAsset(ns, "chat", endpoint)) as KubeObject;
    const c = await kube();
    const inventory = new Applier(c, "aispm-test-inventory");
    const scans = new Applier(c, "aispm-test-scans");
    // Interleave in both orders, several times, flipping values so every write changes something.
    const steps = [0, 1, 1, 0, 0, 1, 0, 1];
    for (const [i, who] of steps.entries()) {
      if (who === 0) await inventory.applyStatus(AIASSETS, asset, inventoryStatus(i % 3 !== 0));
      else await scans.applyStatus(AIASSETS, asset, scanStatus(10 + i));
      const got = await getAsset(ns, "chat");
      const s = got.status as Record<string, unknown> | undefined;
      expect(s?.type, `after step ${i}`).toBe("LLMEndpoint");
      expect(s?.endpointHost).toBe("api.openai.com");
      expect(condition(got, "Ready")).toBeDefined();
      if (i > 0) {
        expect(typeof s?.riskScore, `riskScore after step ${i}`).toBe("number");
        expect(condition(got, "Scanned")?.reason).toBe("ScanCompleted");
      }
      expect(managersOf(got).sort()).toEqual(i === 0 ? ["aispm-test-inventory"] : ["aispm-test-inventory", "aispm-test-scans"]);
    }
    // The scan collector drops its condition: only its own goes; Ready stays.
    await scans.applyStatus(AIASSETS, asset, scanStatus(5, false));
    const after = await getAsset(ns, "chat");
    expect(condition(after, "Scanned")).toBeUndefined();
    expect(condition(after, "Ready")).toBeDefined();
    expect((after.status as Record<string, unknown> | undefined)?.riskScore).toBe(5);
  });

  it("shows the hazard it prevents: one shared manager erases the fields it did not re-apply", async () => {
    const asset = (await createAsset(ns, "shared", endpoint)) as KubeObject;
    const one = new Applier(await kube(), "aispm-test-shared");
    await one.applyStatus(AIASSETS, asset, inventoryStatus(true));
    await one.applyStatus(AIASSETS, asset, scanStatus(42));
    const got = await getAsset(ns, "shared");
    expect((got.status as Record<string, unknown> | undefined)?.endpointHost).toBeUndefined();
    expect(condition(got, "Ready")).toBeUndefined();
  });

  describe("with the real operator", () => {
    let op: OperatorProcess;
    beforeAll(async () => {
      op = await startOperator({ AISPM_LEADER_LEASE: `fieldmgr-${ns}` });
    });
    afterAll(async () => {
      await op.kill();
    });

    it("the inventory controller keeps another controller's status fields and conditions across reconciles", async () => {
      const created = (await createAsset(ns, "live", endpoint)) as KubeObject;
      await waitFor("live ready", async () => condition(await getAsset(ns, "live"), "Ready")?.status === "True");
      const scans = new Applier(await kube(), "aispm-scan-collector");
      await scans.applyStatus(AIASSETS, created, scanStatus(77));
      // A spec edit makes the operator write its status again (generation 2).
      await (
        await kube()
      ).request("PATCH", objectPath(AIASSETS, ns, "live"), {
        body: { spec: { llmEndpoint: { model: "gpt-4.1" } } },
        contentType: "application/merge-patch+json",
      });
      const got = await waitFor("generation 2 observed", async () => {
        const a = await getAsset(ns, "live");
        return a.status?.observedGeneration === 2 && a;
      });
      expect((got.status as Record<string, unknown> | undefined)?.riskScore).toBe(77);
      expect(condition(got, "Scanned")?.reason).toBe("ScanCompleted");
      expect(condition(got, "Ready")?.observedGeneration).toBe(2);
      const ops = (got.metadata.managedFields ?? []).filter((m) => m.subresource === "status");
      expect(ops.map((m) => m.manager).sort()).toEqual(["aispm-operator-aiasset", "aispm-scan-collector"]);
      // The operator's manager owns exactly its own condition types, none of the collector's.
      const own = JSON.stringify(ops.find((m) => m.manager === "aispm-operator-aiasset")?.fieldsV1 ?? {});
      for (const t of OWNED_CONDITIONS) expect(own).toContain(`{\\"type\\":\\"${t}\\"}`);
      expect(own).not.toContain("Scanned");
      expect(own).not.toContain("riskScore");
    });
  });
});
