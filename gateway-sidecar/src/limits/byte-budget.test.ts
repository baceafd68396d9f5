import { describe, expect, it } from "vitest";
import { ByteBudget } from "./byte-budget.js";

describe("ByteBudget", () => {
  it("caps the sum of charges and frees what is given back", () => {
    const seen: number[] = [];
    const b = new ByteBudget(100, (n) => seen.push(n));
    expect(b.tryTake(60)).toBe(true);
    expect(b.tryTake(41)).toBe(false);
    expect(b.inUse).toBe(60);
    b.give(60);
    expect(b.tryTake(100)).toBe(true);
    b.give(500);
    expect(b.inUse).toBe(0);
    expect(seen).toEqual([60, 0, 100, 0]);
  });
});
