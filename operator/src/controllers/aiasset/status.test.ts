import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  type AIAsset,
  CONDITION_RELATIONS,
  currentInventoryStatus,
  desiredInventoryStatus,
  OWNED_CONDITIONS,
  REASONS,
  type Lookup,
} from "./status.js";
import { relationEdges, RelationIndex } from "./relations.js";

const now = new Date("2026-11-01T10:00:00Z");
const asset = (name: string, spec: AIAsset["spec"], extra: Partial<AIAsset["metadata"]> = {}): AIAsset => ({
  apiVersion: "aispm.dev/v1alpha1",
  kind: "AIAsset",
  metadata: { name, namespace: "ns", generation: 3, ...extra },
  spec,
});
const rag = asset("rag", {
  type: "RAGSystem",
  ragSystem: { embeddingModel: { name: "embed" }, vectorDatabase: { name: "vdb" }, dataSources: [{ name: "docs", namespace: "shared" }] },
  relations: [{ type: "uses", target: { name: "llm" } }],
});
const lookupOf =
  (...assets: AIAsset[]): Lookup =>
  (ns, name) =>
    assets.find((a) => a.metadata.namespace === ns && a.metadata.name === name);

describe("desiredInventoryStatus", () => {
  it("carries only the condition types this controller owns, never another controller's", () => {
    const scanned = {
      type: "Scanned",
      status: "True" as const,
      reason: "ScanSucceeded",
      message: "",
      lastTransitionTime: "2026-11-01T09:00:00Z",
      observedGeneration: 3,
    };
    const withForeign: AIAsset = {
      ...asset("chat", { type: "Tool", tool: { kind: "function", sideEffects: "none" } }),
      status: { conditions: [scanned] },
    };
    const got = desiredInventoryStatus(withForeign, lookupOf(), now);
    expect(got.conditions?.map((c) => c.type).sort()).toEqual([...OWNED_CONDITIONS].sort());
    expect(currentInventoryStatus(withForeign.status).conditions).toBeUndefined();
  });

  it("matches the golden status for a RAG system with one missing target", async () => {
    const others = [
      asset("embed", { type: "EmbeddingModel", embeddingModel: { provider: "openai", model: "e", dimensions: 8 } }),
      asset("vdb", { type: "VectorDatabase", vectorDatabase: { engine: "pgvector", url: "postgres://db:5432/x", tenancy: "single" } }),
      asset("llm", {
        type: "LLMEndpoint",
        llmEndpoint: { url: "https://api.example.com/v1", provider: "openai", apiStyle: "openai", model: "m" },
      }),
    ];
    const got = desiredInventoryStatus(rag, lookupOf(...others), now);
    const path = join(import.meta.dirname, "golden", "rag-missing-datasource.status.json");
    if (process.env.UPDATE_GOLDEN) await writeFile(path, `${JSON.stringify(got, null, 2)}\n`);
    expect(JSON.parse(JSON.stringify(got))).toEqual(JSON.parse(await readFile(path, "utf8")));
  });

  it("names every missing target in the RelationsResolved message", () => {
    const s = desiredInventoryStatus(rag, lookupOf(), now);
    const c = s.conditions?.find((x) => x.type === CONDITION_RELATIONS);
    expect(c?.reason).toBe(REASONS.RelationTargetNotFound);
    expect(c?.message).toContain("embedsWith ns/embed");
    expect(c?.message).toContain("retrievesFrom shared/docs");
    expect(c?.observedGeneration).toBe(3);
  });

  it("is idempotent: feeding its own output back yields the same status", () => {
    const first = desiredInventoryStatus(rag, lookupOf(), now);
    const again = desiredInventoryStatus({ ...rag, status: first }, lookupOf(), new Date("2026-12-01T00:00:00Z"));
    expect(again).toEqual(first);
  });

  it("flags discovered assets as shadow until acknowledged", () => {
    const spec: AIAsset["spec"] = { type: "SelfHostedModel", selfHostedModel: { runtime: "ollama", model: "llama3" } };
    expect(desiredInventoryStatus(asset("m", spec, { labels: { "aispm.dev/discovered": "true" } }), lookupOf(), now).shadow).toBe(true);
    expect(
      desiredInventoryStatus(
        asset("m", spec, { labels: { "aispm.dev/discovered": "true" }, annotations: { "aispm.dev/acknowledged": "true" } }),
        lookupOf(),
        now,
      ).shadow,
    ).toBe(false);
    expect(desiredInventoryStatus(asset("m", spec), lookupOf(), now).discovered).toBe(false);
  });
});

describe("relations", () => {
  it("derives edges from typed blocks and de-duplicates declared ones", () => {
    const edges = relationEdges(
      { ...rag.spec, relations: [{ type: "storesIn", target: { name: "vdb" } }] } as NonNullable<AIAsset["spec"]>,
      "ns",
    );
    expect(edges.filter((e) => e.type === "storesIn")).toEqual([
      { type: "storesIn", namespace: "ns", name: "vdb", expectType: "VectorDatabase" },
    ]);
  });

  it("keeps a reverse index that forgets removed referrers", () => {
    const idx = new RelationIndex();
    idx.set("ns/a", ["ns/t", "ns/u"]);
    idx.set("ns/b", ["ns/t"]);
    expect(idx.referrersOf("ns/t").sort()).toEqual(["ns/a", "ns/b"]);
    idx.set("ns/a", ["ns/u"]);
    expect(idx.referrersOf("ns/t")).toEqual(["ns/b"]);
    idx.remove("ns/b");
    expect(idx.referrersOf("ns/t")).toEqual([]);
  });
});
