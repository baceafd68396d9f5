import { describe, expect, it, vi } from "vitest";
import { WorkQueue } from "./workqueue.js";

describe("WorkQueue", () => {
  it("de-duplicates keys waiting in the queue", async () => {
    const q = new WorkQueue();
    q.add("a");
    q.add("a");
    q.add("b");
    expect(q.depth).toBe(2);
    expect(await q.get()).toBe("a");
    expect(await q.get()).toBe("b");
  });

  it("never hands one key to two workers; a key re-added in flight runs again after done()", async () => {
    const q = new WorkQueue();
    q.add("a");
    const key = await q.get();
    q.add("a");
    expect(q.depth).toBe(0);
    q.done(key ?? "");
    expect(q.depth).toBe(1);
    expect(await q.get()).toBe("a");
  });

  it("backs off exponentially per key and resets on forget()", () => {
    vi.useFakeTimers();
    const q = new WorkQueue(100, 1000);
    expect(q.addRateLimited("a")).toBe(100);
    expect(q.addRateLimited("a")).toBe(200);
    expect(q.addRateLimited("a")).toBe(400);
    expect(q.addRateLimited("a")).toBe(800);
    expect(q.addRateLimited("a")).toBe(1000);
    expect(q.retries("a")).toBe(5);
    q.forget("a");
    expect(q.addRateLimited("a")).toBe(100);
    vi.advanceTimersByTime(100);
    expect(q.depth).toBe(1);
    vi.useRealTimers();
  });

  it("wakes a waiting worker on add and releases waiters on shutdown", async () => {
    const q = new WorkQueue();
    const waiting = q.get();
    q.add("x");
    expect(await waiting).toBe("x");
    const idle = q.get();
    q.shutdown();
    expect(await idle).toBeUndefined();
    q.add("y");
    expect(q.depth).toBe(0);
  });
});
