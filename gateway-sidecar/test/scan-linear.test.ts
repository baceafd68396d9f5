import { describe, expect, it } from "vitest";
import { compileFilter } from "../src/filter/index.js";

const KiB = 1024;
const MiB = 1024 * KiB;
const filter = compileFilter({ podSelector: {}, failMode: "closed" });

/** Densest match of each detector set: a regex match every few characters. */
const DENSEST: Readonly<Record<string, string>> = {
  "cloud-credentials": "AKIAAAAAAAAAAAAAAAAA ",
  "saas-tokens": "ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa ",
  "ai-provider-keys": "sk-proj-aaaaaaaaaaaaaaaaaaaaT3BlbkFJaaaaaaaaaaaaaaaaaaaa ",
  "private-keys": "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo\n-----END RSA PRIVATE KEY-----\n",
  jwt: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOjF9.aaaa ",
  "generic-secrets": "password=changeme ",
  "pii-contact": "a@example.com ",
  financial: "4111 1111 1111 1112 ",
  "national-ids": "123-45-6789 ",
  "crypto-wallets": "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon. ",
};

/** The same matches spaced out so no per-detector bound is reached and every one is examined. */
const SPACED: Readonly<Record<string, string>> = {
  "national-ids (spaced)": "123-45-6789 ",
  "generic-secrets (spaced)": "password=changeme ",
  "financial (spaced)": "4111 1111 1111 1112 ",
};
// ~1.4 KiB between matches: 2 MiB then holds ~1 500 of them, under the 2 000 per detector.
const FILLER = "lorem ipsum dolor sit amet, consectetur adipiscing elit; ".repeat(25);

function fill(unit: string, size: number): string {
  return unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
}

/** Median of a few runs: one run descheduled on a busy box does not move it. */
function medianMs(text: string, runs = 3): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    filter.scan(text);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}

// Below this, timer and scheduler noise is larger than the scan: ratios of such times mean nothing.
const NOISE_FLOOR_MS = 40;

function ratio(unit: string, size: number, runs: number): { ratio: number; why: string } {
  const half = medianMs(fill(unit, size / 2), runs);
  const whole = medianMs(fill(unit, size), runs);
  return {
    ratio: whole / Math.max(half, NOISE_FLOOR_MS),
    why: `${size / KiB} KiB: ${whole.toFixed(1)} ms vs ${half.toFixed(1)} ms for half`,
  };
}

/**
 * Doubles the size from 256 KiB to 2 MiB and checks each doubling at most ~doubles the time
 * (bound 3: linear code gives ~2, quadratic ~4). Starting small makes quadratic code fail in
 * seconds instead of hanging for minutes at 1 MiB. A failing pair is measured once more with
 * more runs, so one burst of load from other jobs on the box does not fail the test.
 */
function expectLinear(unit: string): void {
  for (const size of [512 * KiB, MiB, 2 * MiB]) {
    let r = ratio(unit, size, 3);
    if (r.ratio >= 3) r = ratio(unit, size, 5);
    expect(r.ratio, r.why).toBeLessThan(3);
  }
}

describe("scan time grows linearly with input size", () => {
  it.each(Object.entries(DENSEST))("%s, densest pattern", (_set, unit) => {
    expectLinear(unit);
  });

  it.each(Object.entries(SPACED))("%s, under every bound", (_set, unit) => {
    expectLinear(unit + FILLER);
  });
});
