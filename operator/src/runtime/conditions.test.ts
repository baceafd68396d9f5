import { describe, expect, it } from "vitest";
import { deepEqual, setCondition } from "./conditions.js";

const t1 = new Date("2026-01-01T00:00:00.123Z");
const t2 = new Date("2026-01-02T00:00:00Z");

describe("setCondition", () => {
  it("adds a condition with a second-precision transition time", () => {
    const c = setCondition(undefined, { type: "Ready", status: "True", reason: "Ok", message: "", observedGeneration: 1 }, t1);
    expect(c).toEqual([
      { type: "Ready", status: "True", reason: "Ok", message: "", observedGeneration: 1, lastTransitionTime: "2026-01-01T00:00:00Z" },
    ]);
  });

  it("keeps lastTransitionTime when the status is unchanged, so reconciles are idempotent", () => {
    const a = setCondition(undefined, { type: "Ready", status: "True", reason: "Ok", message: "", observedGeneration: 1 }, t1);
    const b = setCondition(a, { type: "Ready", status: "True", reason: "Ok", message: "", observedGeneration: 2 }, t2);
    expect(b[0]?.lastTransitionTime).toBe("2026-01-01T00:00:00Z");
    expect(b[0]?.observedGeneration).toBe(2);
    const c = setCondition(b, { type: "Ready", status: "False", reason: "Broken", message: "x", observedGeneration: 2 }, t2);
    expect(c[0]?.lastTransitionTime).toBe("2026-01-02T00:00:00Z");
  });
});

describe("deepEqual", () => {
  it("ignores key order and undefined members", () => {
    expect(deepEqual({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1, d: undefined })).toBe(true);
    expect(deepEqual({ a: 1 }, { a: 2 })).toBe(false);
    expect(deepEqual([1, 2], [2, 1])).toBe(false);
    expect(deepEqual(null, {})).toBe(false);
  });
});
