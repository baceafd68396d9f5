import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileFilter } from "../filter/index.js";
import { gatewayPolicySpec } from "@aispm/api";
import { regexFilter } from "../../test/helpers/regex-filter.js";
import { HoldbackScanner } from "./holdback.js";

const SECRET = "tok_A1b2C3d4E5f6G7h8"; // matches /tok_[A-Za-z0-9]{16}/, 20 chars
const filter = regexFilter([{ id: "test-token", pattern: /tok_[A-Za-z0-9]{16}/, action: "redact", maxLen: 20 }]);
const blocking = regexFilter([{ id: "test-block", pattern: /tok_[A-Za-z0-9]{16}/, action: "block", maxLen: 20 }]);

/** Streams `chunks` through a scanner; returns every released piece, in order. */
function run(f: typeof filter, chunks: readonly string[]): { pieces: string[]; blocked: boolean } {
  const s = new HoldbackScanner(f);
  const pieces: string[] = [];
  for (const c of chunks) {
    const r = s.push(c);
    pieces.push(r.text);
    if (r.blocked.length > 0) return { pieces, blocked: true };
  }
  const r = s.end();
  pieces.push(r.text);
  return { pieces, blocked: r.blocked.length > 0 };
}

function splitAt(text: string, cuts: readonly number[]): string[] {
  const sorted = [...new Set(cuts)].filter((c) => c > 0 && c < text.length).sort((a, b) => a - b);
  const out: string[] = [];
  let prev = 0;
  for (const c of sorted) {
    out.push(text.slice(prev, c));
    prev = c;
  }
  out.push(text.slice(prev));
  return out;
}

/** True if any prefix of the client-visible stream ends with a non-trivial piece of the secret. */
function leaksFragment(pieces: readonly string[], secret: string, minFragment = 5): boolean {
  const seen = pieces.join("");
  for (let len = minFragment; len <= secret.length; len++) {
    for (let i = 0; i + len <= secret.length; i++) if (seen.includes(secret.slice(i, i + len))) return true;
  }
  return false;
}

describe("HoldbackScanner", () => {
  const text = `The value is ${SECRET} and nothing else matters here.`;
  const expected = `The value is [REDACTED:test-token] and nothing else matters here.`;

  it("redacts a secret split across 2 chunks at every boundary position", () => {
    for (let cut = 1; cut < text.length; cut++) {
      const { pieces } = run(filter, splitAt(text, [cut]));
      expect(pieces.join(""), `cut ${cut}`).toBe(expected);
      expect(leaksFragment(pieces, SECRET)).toBe(false);
    }
  });

  it("redacts a secret split across 3 chunks for every pair of boundaries inside it", () => {
    const at = text.indexOf(SECRET);
    for (let a = at; a <= at + SECRET.length; a++) {
      for (let b = a + 1; b <= at + SECRET.length; b++) {
        const { pieces } = run(filter, splitAt(text, [a, b]));
        expect(pieces.join("")).toBe(expected);
      }
    }
  });

  it("redacts a secret streamed one character at a time, never releasing any of it early", () => {
    const s = new HoldbackScanner(filter);
    let out = "";
    for (const ch of text) {
      out += s.push(ch).text;
      // Whatever has been released so far never holds even the start of the secret unredacted.
      expect(out.includes("tok_")).toBe(false);
    }
    out += s.end().text;
    expect(out).toBe(expected);
  });

  it("releases text that can no longer be part of a match before the stream ends", () => {
    const s = new HoldbackScanner(filter);
    const r = s.push("a".repeat(100));
    expect(r.text).toBe("a".repeat(100 - 19));
    expect(s.holding).toBe(19);
    expect(s.end().text).toBe("a".repeat(19));
  });

  it("blocks without releasing anything of a blocking secret, however it is chunked", () => {
    for (let cut = 1; cut < text.length; cut++) {
      const { pieces, blocked } = run(blocking, splitAt(text, [cut, cut + 3]));
      expect(blocked, `cut ${cut}`).toBe(true);
      expect(leaksFragment(pieces, SECRET, 3)).toBe(false);
    }
  });

  it("property: any chunking of any text gives the same output as redacting the whole text", () => {
    const alphabet = fc.constantFrom(..."ab tok_XYZ0123456789".split(""));
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 120 }), fc.array(fc.nat(140), { maxLength: 12 }), (chars, cuts) => {
        const whole = chars.join("") + ` ${SECRET} ` + chars.join("");
        const reference = filter.redact(whole, filter.scan(whole).findings);
        const { pieces } = run(filter, splitAt(whole, cuts));
        expect(pieces.join("")).toBe(reference);
        expect(leaksFragment(pieces, SECRET)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it("with the real filter: a GitHub token split across many chunks is redacted and never leaks", () => {
    const real = compileFilter(
      gatewayPolicySpec.parse({
        podSelector: {},
        dlp: { sets: [{ name: "saas-tokens", action: "redact" }] },
        injection: { enabled: false },
      }),
    );
    const token = "ghp_R8fK2mQ9vX4tL7wZ1pN6yB3cH5jD0sG8aE2u";
    const streamed = `Here is the token: ${token}. Use it wisely.`;
    for (const size of [1, 2, 3, 7, 13]) {
      const chunks: string[] = [];
      for (let i = 0; i < streamed.length; i += size) chunks.push(streamed.slice(i, i + size));
      const { pieces } = run(real, chunks);
      expect(pieces.join("")).toBe("Here is the token: [REDACTED:github-pat]. Use it wisely.");
      expect(leaksFragment(pieces, token, 6)).toBe(false);
    }
  });
});
