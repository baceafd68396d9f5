import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DIALECTS } from "../index.js";
import { openAiChat } from "../openai-chat/dialect.js";
import { requestContentSlots, responseContentSlots } from "./content.js";
import { findStructureProblem } from "./duplicate-keys.js";
import { isRecord, type JsonRecord } from "./json.js";

const SECRET = "ghp_R8fK2mQ9vX4tL7wZ1pN6yB3cH5jD0sG8aE2u";
const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");

/** Keys real bodies use (so paths hit dialect slots and the non-content lists) plus arbitrary ones. */
const KEYS = ["messages", "content", "role", "model", "type", "text", "metadata", "tools", "function", "description"];
const MORE_KEYS = ["input", "data", "source", "media_type", "id", "name", "prompt", "variables", "system", "choices", "delta"];
const segment = fc.oneof(fc.constantFrom(...KEYS, ...MORE_KEYS), fc.integer({ min: 0, max: 2 }), fc.string({ maxLength: 4 }));

type Segment = string | number;

/** Puts `value` at `path`, creating (or replacing with) objects/arrays along the way. */
function plant(root: JsonRecord, path: readonly Segment[], value: string): void {
  let cur: JsonRecord | unknown[] = root;
  for (let i = 0; i < path.length; i++) {
    const key = path[i] ?? "";
    const next = path[i + 1];
    const write = (v: unknown) => {
      if (Array.isArray(cur)) cur[Number(key)] = v;
      else cur[String(key)] = v;
    };
    if (next === undefined) {
      write(value);
      return;
    }
    const existing: unknown = Array.isArray(cur) ? cur[Number(key)] : cur[String(key)];
    const fits = typeof next === "number" ? Array.isArray(existing) : isRecord(existing);
    const child: JsonRecord | unknown[] = fits ? (existing as JsonRecord | unknown[]) : typeof next === "number" ? [] : {};
    write(child);
    cur = child;
  }
}

/** Redacts the way the filter would: in place, through the slot. */
function redactAll(slots: readonly { text: string; set(v: string): void }[]): void {
  for (const s of slots) if (s.text.includes(SECRET)) s.set(s.text.replaceAll(SECRET, "[REDACTED:x]"));
}

const ENCODINGS = {
  plain: (s: string) => s,
  embedded: (s: string) => `before ${s} after`,
  dataUrl: (s: string) => `data:text/plain;base64,${b64(s)}`,
  jsonDataUrl: (s: string) => `data:application/json,${encodeURIComponent(JSON.stringify({ k: s }))}`,
} as const;

const input = fc.record({
  dialect: fc.constantFrom(...DIALECTS),
  base: fc.dictionary(fc.constantFrom(...KEYS, ...MORE_KEYS), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 5 }),
  path: fc.array(segment, { minLength: 1, maxLength: 48 }),
  encoding: fc.constantFrom(...(Object.keys(ENCODINGS) as (keyof typeof ENCODINGS)[])),
});

describe("default-deny walk (fuzz)", () => {
  it("a secret planted at a random path of a random body never survives unless the path is non-content", () => {
    fc.assert(
      fc.property(input, ({ dialect, base, path, encoding }) => {
        const body = structuredClone(base) as JsonRecord;
        const fullPath: Segment[] = typeof path[0] === "number" ? ["x", ...path] : path;
        const planted = ENCODINGS[encoding](SECRET);
        plant(body, fullPath, planted);
        redactAll(requestContentSlots(dialect, body));
        const out = JSON.stringify(body);
        if (dialect.requestNonContent.matchesArray(fullPath, planted)) return;
        expect(out).not.toContain(SECRET);
        expect(out).not.toContain(b64(SECRET).slice(0, 32));
        expect(out).not.toContain(encodeURIComponent(JSON.stringify({ k: SECRET })));
      }),
      { numRuns: 1500 },
    );
  });

  it("the same holds for response bodies and stream events", () => {
    fc.assert(
      fc.property(input, ({ dialect, base, path, encoding }) => {
        const body = structuredClone(base) as JsonRecord;
        const fullPath: Segment[] = typeof path[0] === "number" ? ["x", ...path] : path;
        const planted = ENCODINGS[encoding](SECRET);
        plant(body, fullPath, planted);
        redactAll(responseContentSlots(dialect, body));
        if (dialect.responseNonContent.matchesArray(fullPath, planted)) return;
        expect(JSON.stringify(body)).not.toContain(SECRET);
      }),
      { numRuns: 800 },
    );
  });

  it("walks 100,000-deep values without recursion", () => {
    let deep: unknown = SECRET;
    for (let i = 0; i < 100_000; i++) deep = i % 2 === 0 ? [deep] : { k: deep };
    const body: JsonRecord = { model: "m", metadata: deep };
    const slots = requestContentSlots(openAiChat, body);
    expect(slots.map((s) => s.text)).toContain(SECRET);
  });

  it("finds duplicate keys (after unescaping) at any depth and reports excessive nesting", () => {
    expect(findStructureProblem(Buffer.from('{"a":[{"b":1,"\\u0062":2}]}'), 64)).toEqual({ kind: "duplicate", path: "$.a[0].b" });
    expect(findStructureProblem(Buffer.from('{"a":"x\\"","a":1}'), 64)).toEqual({ kind: "duplicate", path: "$.a" });
    expect(findStructureProblem(Buffer.from('{"a":{"b":1},"c":{"b":2}}'), 64)).toBeNull();
    expect(findStructureProblem(Buffer.from(`${"[".repeat(600)}${"]".repeat(600)}`), 512)?.kind).toBe("depth");
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (v) => {
        expect(findStructureProblem(Buffer.from(JSON.stringify(v)), 64)).toBeNull();
      }),
      { numRuns: 500 },
    );
  });
});
