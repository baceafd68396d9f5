/** Requests-per-minute limiting with a token bucket: `capacity` requests at once, refilled continuously. */
export interface Bucket {
  tokens: number;
  updatedMs: number;
}

export interface BucketLimits {
  requestsPerMinute: number;
  /** bucket size; defaults to requestsPerMinute (a full minute's worth may arrive at once) */
  burst?: number | undefined;
}

export interface TakeResult {
  allowed: boolean;
  bucket: Bucket;
  /** whole seconds until one token is available (for Retry-After); 0 when allowed */
  retryAfterSec: number;
}

export function capacityOf(limits: BucketLimits): number {
  return limits.burst ?? limits.requestsPerMinute;
}

export function refill(bucket: Bucket | undefined, nowMs: number, limits: BucketLimits): Bucket {
  const capacity = capacityOf(limits);
  if (bucket === undefined) return { tokens: capacity, updatedMs: nowMs };
  // A clock that steps backwards must not mint tokens; it only stops refilling until it catches up.
  const elapsed = Math.max(0, nowMs - bucket.updatedMs);
  const tokens = Math.min(capacity, bucket.tokens + (elapsed * limits.requestsPerMinute) / 60_000);
  return { tokens, updatedMs: Math.max(nowMs, bucket.updatedMs) };
}

/** Pure: takes one token if available. */
export function take(bucket: Bucket | undefined, nowMs: number, limits: BucketLimits): TakeResult {
  const current = refill(bucket, nowMs, limits);
  if (current.tokens >= 1) return { allowed: true, bucket: { ...current, tokens: current.tokens - 1 }, retryAfterSec: 0 };
  const waitMs = ((1 - current.tokens) * 60_000) / limits.requestsPerMinute;
  return { allowed: false, bucket: current, retryAfterSec: Math.max(1, Math.ceil(waitMs / 1000)) };
}

/** Per-agent buckets, bounded in number: full (idle) buckets are dropped first since they carry no state. */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly maxAgents = 10_000) {}

  take(agent: string, nowMs: number, limits: BucketLimits): TakeResult {
    const result = take(this.buckets.get(agent), nowMs, limits);
    this.buckets.delete(agent); // re-insert to keep Map order ~ recency for pruning
    this.buckets.set(agent, result.bucket);
    if (this.buckets.size > this.maxAgents) this.prune(nowMs, limits);
    return result;
  }

  snapshot(): Record<string, Bucket> {
    return Object.fromEntries(this.buckets);
  }

  restore(buckets: Record<string, Bucket>): void {
    for (const [agent, b] of Object.entries(buckets)) this.buckets.set(agent, { ...b });
  }

  get size(): number {
    return this.buckets.size;
  }

  private prune(nowMs: number, limits: BucketLimits): void {
    const capacity = capacityOf(limits);
    for (const [agent, b] of this.buckets) {
      if (refill(b, nowMs, limits).tokens >= capacity) this.buckets.delete(agent);
    }
    // Still over: drop least recently used; losing their state only ever errs towards allowing.
    for (const agent of this.buckets.keys()) {
      if (this.buckets.size <= this.maxAgents) break;
      this.buckets.delete(agent);
    }
  }
}
