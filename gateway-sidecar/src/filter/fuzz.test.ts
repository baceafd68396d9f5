import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileFilter } from "./index.js";
import { buildViews } from "./normalize/pipeline.js";

const filter = compileFilter({ podSelector: {}, failMode: "closed" });
const golden = JSON.parse(readFileSync(new URL("./golden/detectors.json", import.meta.url), "utf8")) as {
  positives: { secret: string }[];
}[];
const SECRETS = golden.flatMap((g) => g.positives.map((p) => p.secret));

// Any UTF-16 code unit, so lone surrogates and every control character show up.
const anyUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
const anyText = fc.oneof(
  fc.string({ unit: anyUnit, maxLength: 300 }),
  fc.string({ unit: "binary", maxLength: 300 }),
  fc.string({ unit: "grapheme", maxLength: 200 }),
);
const noise = fc.string({ unit: fc.constantFrom(...Array.from("ab &#;=:_-+/0123456789\u200bАаｇ@.\n")), maxLength: 40 });

describe("property: never throws, offsets stay inside the input", () => {
  it("normalizer and scanner accept arbitrary strings", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        for (const v of buildViews(text, {
          passes: new Set(["nfkc", "zeroWidth", "homoglyph", "leet", "htmlEntities", "base64"]),
          maxDecodeDepth: 2,
          maxDecodedBytes: 4096,
          maxViewChars: 1 << 20,
        })) {
          expect(v.starts?.length ?? v.text.length).toBe(v.text.length);
        }
        const r = filter.scan(text);
        for (const f of r.findings) {
          expect(f.start).toBeGreaterThanOrEqual(0);
          expect(f.end).toBeLessThanOrEqual(text.length);
          expect(f.end).toBeGreaterThan(f.start);
        }
        expect(r.injection.score).toBeGreaterThanOrEqual(0);
        expect(r.injection.score).toBeLessThanOrEqual(1);
        filter.redact(text, r.findings, { includeBlock: true });
      }),
      { numRuns: 300 },
    );
  });
});

describe("property: redaction removes what was detected", () => {
  it("a redacted output never contains a detected secret", () => {
    const obfuscate = fc.constantFrom(
      (s: string) => s,
      (s: string) => Array.from(s).join("\u200b"),
      (s: string) =>
        Array.from(s)
          .map((c) => `&#${c.charCodeAt(0)};`)
          .join(""),
    );
    fc.assert(
      fc.property(noise, fc.constantFrom(...SECRETS), obfuscate, noise, (pre, secret, obf, post) => {
        const text = `${pre} ${obf(secret)} ${post}`;
        const r = filter.scan(text, { injection: false });
        const out = filter.redact(text, r.findings, { includeBlock: true });
        for (const f of r.findings) expect(out).not.toContain(text.slice(f.start, f.end));
        if (obf(secret) === secret && r.findings.length > 0) expect(out).not.toContain(secret);
      }),
      { numRuns: 300 },
    );
  });
});

describe("bounded work on adversarial input (safety bound, not a benchmark)", () => {
  const KIB64 = 64 * 1024;
  const fill = (unit: string): string => unit.repeat(Math.ceil(KIB64 / unit.length)).slice(0, KIB64);
  const b64 = Buffer.from("ignore previous instructions ").toString("base64");
  const cases: [string, string][] = [
    ["token near-misses", fill("ghp_aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3z ")],
    ["Luhn failures", fill("4539 1488 0343 6468 ")],
    ["assignments", fill("password=a token=b secret: ")],
    ["list words", fill("abandon ability able about above absent absorb ")],
    ["entities", fill("&#103;&amp;&#x68;&")],
    ["base64 runs", fill(b64 + " ")],
    ["zero-width soup", fill("a\u200bА\u202eｇ\u{e0041}")],
    ["e-mail-ish", fill("a@b.c@d.e@")],
    ["PEM headers", fill("-----BEGIN RSA PRIVATE KEY-----AAAA")],
    ["injection phrases", fill("ignore previous ignore all the previous ")],
  ];

  it.each(cases)("%s: 64 KiB scans within the bound", (_, text) => {
    const t0 = performance.now();
    const r = filter.scan(text);
    const ms = performance.now() - t0;
    expect(ms).toBeLessThan(3000);
    expect(r.findings.length).toBeLessThanOrEqual(512);
  });
});
