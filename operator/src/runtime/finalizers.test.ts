import { describe, expect, it } from "vitest";
import type { KubeObject } from "../kube/types.js";
import { FinalizerRegistry } from "./finalizers.js";

const obj = (finalizers?: string[]): KubeObject => ({ apiVersion: "v1", kind: "X", metadata: { name: "a", finalizers } });

describe("FinalizerRegistry", () => {
  it("adds missing finalizers and leaves foreign ones alone", () => {
    const r = new FinalizerRegistry<KubeObject>();
    r.register("aispm.dev/a", () => Promise.resolve());
    expect(r.missing(obj(["other.io/x"]))).toEqual(["other.io/x", "aispm.dev/a"]);
    expect(r.missing(obj(["aispm.dev/a"]))).toBeUndefined();
  });

  it("runs only its own finalizers and returns the rest", async () => {
    const ran: string[] = [];
    const r = new FinalizerRegistry<KubeObject>();
    r.register("aispm.dev/a", (o) => {
      ran.push(o.metadata.name);
      return Promise.resolve();
    });
    expect(await r.finalize(obj(["other.io/x", "aispm.dev/a"]))).toEqual(["other.io/x"]);
    expect(ran).toEqual(["a"]);
    expect(r.owns(obj(["other.io/x"]))).toBe(false);
  });

  it("refuses a duplicate registration", () => {
    const r = new FinalizerRegistry<KubeObject>();
    r.register("aispm.dev/a", () => Promise.resolve());
    expect(() => {
      r.register("aispm.dev/a", () => Promise.resolve());
    }).toThrow(/twice/);
  });

  it("propagates a failing finalizer so the controller backs off", async () => {
    const r = new FinalizerRegistry<KubeObject>();
    r.register("aispm.dev/a", () => Promise.reject(new Error("boom")));
    await expect(r.finalize(obj(["aispm.dev/a"]))).rejects.toThrow(/OP_ERR_FINALIZER: finalizer aispm.dev\/a failed: boom/);
  });
});
