import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RateLimiter, take, type Bucket } from "./token-bucket.js";

describe("token bucket", () => {
  const limits = { requestsPerMinute: 60, burst: 3 };

  it("allows a burst, refuses the next with Retry-After, refills continuously", () => {
    let b: Bucket | undefined;
    for (let i = 0; i < 3; i++) {
      const r = take(b, 0, limits);
      expect(r.allowed).toBe(true);
      b = r.bucket;
    }
    const refused = take(b, 0, limits);
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterSec).toBe(1); // 60 rpm: one token per second
    expect(take(refused.bucket, 500, limits).allowed).toBe(false);
    expect(take(refused.bucket, 1_000, limits).allowed).toBe(true);
  });

  it("computes Retry-After from the refill rate", () => {
    const slow = { requestsPerMinute: 2 };
    let b = take(undefined, 0, slow).bucket;
    b = take(b, 0, slow).bucket;
    const r = take(b, 0, slow);
    expect(r.allowed).toBe(false);
    expect(r.retryAfterSec).toBe(30);
    expect(take(r.bucket, 29_000, slow).allowed).toBe(false);
    expect(take(r.bucket, 30_000, slow).allowed).toBe(true);
  });

  it("defaults the burst to one minute's worth and never exceeds capacity after idling", () => {
    const l = { requestsPerMinute: 5 };
    let b: Bucket | undefined;
    let allowed = 0;
    for (let i = 0; i < 10; i++) {
      const r = take(b, 3_600_000, l);
      b = r.bucket;
      if (r.allowed) allowed++;
    }
    expect(allowed).toBe(5);
  });

  it("does not mint tokens when the clock steps backwards", () => {
    const r1 = take(undefined, 10_000, { requestsPerMinute: 1 });
    const r2 = take(r1.bucket, 0, { requestsPerMinute: 1 });
    expect(r2.allowed).toBe(false);
  });

  it("property: over any request pattern, allowed ≤ burst + elapsed × rate", () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(5_000), { minLength: 1, maxLength: 200 }),
        fc.integer({ min: 1, max: 600 }),
        fc.integer({ min: 1, max: 20 }),
        (gaps, rpm, burst) => {
          let now = 0;
          let b: Bucket | undefined;
          let allowed = 0;
          for (const g of gaps) {
            now += g;
            const r = take(b, now, { requestsPerMinute: rpm, burst });
            b = r.bucket;
            if (r.allowed) allowed++;
          }
          expect(allowed).toBeLessThanOrEqual(burst + Math.floor((now * rpm) / 60_000) + 1e-9);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("RateLimiter keeps agents apart, survives snapshot/restore and bounds the number of agents", () => {
    const rl = new RateLimiter(3);
    const l = { requestsPerMinute: 1 };
    expect(rl.take("a", 0, l).allowed).toBe(true);
    expect(rl.take("a", 0, l).allowed).toBe(false);
    expect(rl.take("b", 0, l).allowed).toBe(true);
    const copy = new RateLimiter();
    copy.restore(rl.snapshot());
    expect(copy.take("a", 0, l).allowed).toBe(false);
    for (const agent of ["c", "d", "e", "f"]) rl.take(agent, 0, l);
    expect(rl.size).toBeLessThanOrEqual(3);
  });
});
