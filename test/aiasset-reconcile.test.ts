import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REASONS } from "../operator/src/controllers/aiasset/status.js";
import { aispmResource, objectPath } from "../operator/src/kube/paths.js";
import {
  condition,
  createAsset,
  createNamespace,
  getAsset,
  isReadyAtGeneration,
  kube,
  startOperator,
  waitFor,
  type OperatorProcess,
} from "./support/cluster.js";

const AIASSETS = aispmResource("aiassets");
const endpoint = (model: string) => ({ type: "LLMEndpoint", llmEndpoint: { url: "https://api.openai.com/v1", provider: "openai", model } });
const dataSource = { type: "DataSource", dataSource: { kind: "s3", uri: "s3://bucket/docs", classification: "internal" } };

describe("AIAsset reconciler", () => {
  let op: OperatorProcess;
  let ns: string;

  beforeAll(async () => {
    ns = await createNamespace("reconcile");
    op = await startOperator({ AISPM_LEADER_LEASE: `reconcile-${ns}` });
  });
  afterAll(async () => {
    await op.kill();
  });

  it("sets Ready and observedGeneration, and follows spec edits", async () => {
    await createAsset(ns, "chat", endpoint("gpt-4o-mini"));
    const first = await waitFor("chat ready", async () => {
      const a = await getAsset(ns, "chat");
      return isReadyAtGeneration(a) && a;
    });
    expect(first.metadata.generation).toBe(1);
    expect(condition(first, "Ready")?.reason).toBe(REASONS.Inventoried);
    expect(first.metadata.finalizers).toContain("aispm.dev/inventory");

    const c = await kube();
    await c.request("PATCH", objectPath(AIASSETS, ns, "chat"), {
      body: { spec: { llmEndpoint: { model: "gpt-4.1" } } },
      contentType: "application/merge-patch+json",
    });
    const second = await waitFor("generation 2 observed", async () => {
      const a = await getAsset(ns, "chat");
      return a.status?.observedGeneration === 2 && a;
    });
    expect(second.metadata.generation).toBe(2);
    expect(condition(second, "Ready")?.observedGeneration).toBe(2);
    // Ready did not change status, so its transition time is kept.
    expect(condition(second, "Ready")?.lastTransitionTime).toBe(condition(first, "Ready")?.lastTransitionTime);
  });

  it("names a missing relation target and flips when the target comes and goes", async () => {
    await createAsset(ns, "rag", {
      type: "RAGSystem",
      ragSystem: { embeddingModel: { name: "embedder" }, vectorDatabase: { name: "vectors" } },
      relations: [{ type: "retrievesFrom", target: { name: "docs" } }],
    });
    const missing = await waitFor("rag unresolved", async () => {
      const a = await getAsset(ns, "rag");
      return condition(a, "RelationsResolved")?.status === "False" && a;
    });
    const cond = condition(missing, "RelationsResolved");
    expect(cond?.reason).toBe(REASONS.RelationTargetNotFound);
    expect(cond?.message).toContain(`${ns}/embedder`);
    expect(cond?.message).toContain(`${ns}/vectors`);
    expect(cond?.message).toContain(`${ns}/docs`);
    expect(condition(missing, "Ready")?.status).toBe("False");

    await createAsset(ns, "embedder", {
      type: "EmbeddingModel",
      embeddingModel: { provider: "openai", model: "text-embedding-3-small", dimensions: 1536 },
    });
    await createAsset(ns, "docs", dataSource);
    // Wrong type for a typed reference is reported too.
    await createAsset(ns, "vectors", dataSource);
    const wrong = await waitFor("wrong type reported", async () => {
      const a = await getAsset(ns, "rag");
      return condition(a, "RelationsResolved")?.reason === REASONS.RelationTargetWrongType && a;
    });
    expect(condition(wrong, "RelationsResolved")?.message).toContain("expected VectorDatabase");

    const c = await kube();
    await c.request("DELETE", objectPath(AIASSETS, ns, "vectors"));
    await waitFor("vectors gone", async () => {
      try {
        await getAsset(ns, "vectors");
        return false;
      } catch {
        return true;
      }
    });
    await createAsset(ns, "vectors", { type: "VectorDatabase", vectorDatabase: { engine: "pgvector", url: "postgres://db:5432/x" } });
    const ok = await waitFor("rag ready", async () => {
      const a = await getAsset(ns, "rag");
      return condition(a, "Ready")?.status === "True" && a;
    });
    expect(condition(ok, "RelationsResolved")?.reason).toBe(REASONS.AllRelationsResolved);

    await c.request("DELETE", objectPath(AIASSETS, ns, "docs"));
    const flipped = await waitFor("rag flips back", async () => {
      const a = await getAsset(ns, "rag");
      return condition(a, "RelationsResolved")?.status === "False" && a;
    });
    expect(condition(flipped, "RelationsResolved")?.message).toContain(`retrievesFrom ${ns}/docs`);
    expect(op.logs.some((l) => l.includes("inventory.removed") && l.includes(`${ns}/docs`))).toBe(true);
  });

  it("exposes healthz, readyz and reconcile metrics", async () => {
    expect((await fetch(`http://127.0.0.1:${op.port}/healthz`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${op.port}/readyz`)).status).toBe(200);
    const text = await op.metrics();
    expect(text).toMatch(/aispm_reconcile_total\{kind="AIAsset",result="success"\} [1-9]/);
    expect(text).toContain("aispm_reconcile_duration_seconds_bucket");
    expect(text).toContain("aispm_workqueue_depth");
  });
});
