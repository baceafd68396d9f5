import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { Informer } from "../operator/src/runtime/informer.js";
import type { KubeObject } from "../operator/src/kube/types.js";
import { AIASSETS, createAsset, createNamespace, kube, waitFor } from "./support/cluster.js";

const tool = { type: "Tool", tool: { kind: "http", sideEffects: "read" } };
const log = pino({ level: "silent" });

describe("Informer against a real API server", () => {
  const informers: Informer<KubeObject>[] = [];
  afterEach(() => {
    for (const i of informers.splice(0)) i.stop();
  });

  it("lists, then follows adds, updates and deletes through the watch", async () => {
    const ns = await createNamespace("inf");
    await createAsset(ns, "a", tool);
    const inf = new Informer<KubeObject>(await kube(), AIASSETS, log, ns);
    informers.push(inf);
    const seen: string[] = [];
    inf.addHandlers({
      onUpsert: (o, old) => seen.push(`${old ? "update" : "add"}:${o.metadata.name}`),
      onDelete: (o) => seen.push(`delete:${o.metadata.name}`),
    });
    await inf.start();
    expect(inf.get(`${ns}/a`)).toBeDefined();
    await createAsset(ns, "b", tool);
    await waitFor("b cached", () => Promise.resolve(inf.get(`${ns}/b`)));
    await (await kube()).request("DELETE", `/apis/aispm.dev/v1alpha1/namespaces/${ns}/aiassets/a`);
    await waitFor("a removed", () => Promise.resolve(!inf.get(`${ns}/a`)));
    expect(seen).toEqual(["add:a", "add:b", "delete:a"]);
    expect(inf.relists).toBe(1);
  });

  it("resumes from a resourceVersion without relisting", async () => {
    const ns = await createNamespace("inf");
    const first = await createAsset(ns, "a", tool);
    const inf = new Informer<KubeObject>(await kube(), AIASSETS, log, ns);
    informers.push(inf);
    await inf.start(first.metadata.resourceVersion);
    await createAsset(ns, "b", tool);
    await waitFor("b cached", () => Promise.resolve(inf.get(`${ns}/b`)));
    // Only events after the resume point: "a" was never listed.
    expect(inf.get(`${ns}/a`)).toBeUndefined();
    expect(inf.relists).toBe(0);
  });

  it("relists when the resume point is too old (410 Gone)", async () => {
    const ns = await createNamespace("inf");
    await createAsset(ns, "a", tool);
    const inf = new Informer<KubeObject>(await kube(), AIASSETS, log, ns);
    informers.push(inf);
    await inf.start("1");
    await waitFor("relisted after 410", () => Promise.resolve(inf.relists === 1 && inf.get(`${ns}/a`)), 20_000);
  });
});
