import { describe, expect, it } from "vitest";
import { compileFilter } from "../filter/index.js";
import { HoldbackScanner } from "./holdback.js";

const filter = compileFilter({ podSelector: {}, failMode: "closed" });
const PROSE = "The quarterly report covers onboarding, latency budgets and the migration plan for the billing service. ";

/** Pushes `text` in `chunk`-sized deltas; returns the most characters ever held back after a push. */
function maxHeld(text: string, chunk: number): { held: number; out: string } {
  const s = new HoldbackScanner(filter);
  let held = 0;
  let out = "";
  for (let i = 0; i < text.length; i += chunk) {
    out += s.push(text.slice(i, i + chunk)).text;
    held = Math.max(held, s.holding);
  }
  out += s.end().text;
  return { held, out };
}

describe("hold-back keeps only what could still become part of a match", () => {
  it("lets prose through about one word behind the model", () => {
    const prose = PROSE.repeat(40);
    for (const chunk of [1, 4, 8]) {
      const { held, out } = maxHeld(prose, chunk);
      expect(out).toBe(prose);
      // the word being written plus a few short words before it ("plan for the bil"), not hundreds of characters
      expect(held, `chunk=${String(chunk)}`).toBeLessThanOrEqual(32 + chunk);
    }
  });

  it("releases the first words of a stream as soon as they are complete", () => {
    const s = new HoldbackScanner(filter);
    expect(s.push("The quarterly rep").text).toBe("The quarterly ");
  });

  it("holds a trailing run of number groups, seed words or an open key block", () => {
    const head = "Please find it here: ";
    expect(filter.holdFrom(`${head}4111 1111 11`)).toBe(head.length);
    expect(filter.holdFrom(`${head}GB82 WEST 1234 5698`)).toBe(head.length);
    expect(filter.holdFrom(`${head}AB 12 34 56`)).toBe(head.length);
    expect(filter.holdFrom(`${head}finish razor gather tree thund`)).toBe(head.length);
    expect(filter.holdFrom(`${head}ｆｉｎｉｓｈ r\u200Bazor gather`)).toBe(head.length);
    expect(filter.holdFrom(`${head}-----BEGIN RSA PRIVATE KEY-----\nMIIEow`)).toBe(head.length);
  });

  it("still holds the last spaced window when the policy has custom patterns it cannot analyse", () => {
    const custom = compileFilter({
      podSelector: {},
      failMode: "closed",
      dlp: { customPatterns: [{ id: "codename", pattern: "project [a-z]+ launch", action: "block" }], scanResponses: true },
    });
    const prose = PROSE.repeat(10);
    expect(prose.length - custom.holdFrom(prose)).toBeGreaterThanOrEqual(512);
  });
});
