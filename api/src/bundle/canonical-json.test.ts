import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CanonicalJsonError, canonicalJson } from "./canonical-json.js";

describe("canonicalJson", () => {
  it("sorts keys recursively and drops whitespace", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: "x" } })).toBe('{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}');
  });

  it("sorts by UTF-16 code units, not locale", () => {
    expect(canonicalJson({ é: 1, z: 2, A: 3, "\u{1F600}": 4, "\uFF01": 5 })).toBe('{"A":3,"z":2,"é":1,"\u{1F600}":4,"！":5}');
  });

  it("prints numbers in shortest round-trip form and -0 as 0", () => {
    expect(canonicalJson([1.5, 1e21, -0, 0.1, 100])).toBe("[1.5,1e+21,0,0.1,100]");
  });

  it("rejects non-finite numbers, undefined in arrays, functions, bigint and cycles", () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(CanonicalJsonError);
    expect(() => canonicalJson([Number.POSITIVE_INFINITY])).toThrow(/non-finite number at \$\[0\]/);
    expect(() => canonicalJson([undefined])).toThrow(CanonicalJsonError);
    expect(() => canonicalJson({ f: () => 1 })).toThrow(CanonicalJsonError);
    expect(() => canonicalJson({ n: 1n })).toThrow(CanonicalJsonError);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(/cycle/);
    expect(() => canonicalJson({ d: new Date(0) })).toThrow(/non-plain object/);
  });

  it("omits undefined object members like JSON.stringify, but keeps shared (non-cyclic) references", () => {
    const shared = { x: 1 };
    expect(canonicalJson({ a: undefined, b: shared, c: shared })).toBe('{"b":{"x":1},"c":{"x":1}}');
  });

  it("property: parse(canonical(v)) deep-equals v and canonical is idempotent and key-order independent", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const c = canonicalJson(v);
        const back: unknown = JSON.parse(c);
        expect(canonicalJson(back)).toBe(c);
        // JSON.parse(JSON.stringify(v)) normalises -0 the same way canonical JSON does.
        expect(back).toEqual(JSON.parse(JSON.stringify(v)));
      }),
      { numRuns: 300 },
    );
  });
});
