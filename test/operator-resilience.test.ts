import { describe, expect, it } from "vitest";
import { objectPath } from "../operator/src/kube/paths.js";
import {
  createAsset,
  createNamespace,
  getAsset,
  isReadyAtGeneration,
  kube,
  listAssets,
  metricValue,
  startOperator,
  waitFor,
} from "./support/cluster.js";

const tool = (i: number) => ({ type: "Tool", tool: { kind: "http", endpoint: `https://tools.example.com/t${i}`, sideEffects: "read" } });

interface Lease {
  spec: { holderIdentity?: string; leaseTransitions?: number };
}

describe("operator resilience", () => {
  it("resumes after being killed mid-way without duplicate writes", async () => {
    const ns = await createNamespace("restart");
    const lease = `restart-${ns}`;
    const total = 150;
    for (let i = 0; i < total; i += 25) {
      await Promise.all(Array.from({ length: Math.min(25, total - i) }, (_, j) => createAsset(ns, `tool-${i + j}`, tool(i + j))));
    }
    const first = await startOperator({ AISPM_LEADER_LEASE: lease, AISPM_WORKERS: "1", AISPM_LEASE_DURATION_SECONDS: "2" });
    await waitFor("some assets ready", async () => (await listAssets(ns)).some(isReadyAtGeneration), 30_000, 10);
    await first.kill("SIGKILL");

    // State is frozen now: whatever the dead operator wrote is all it will ever write.
    const before = await listAssets(ns);
    const readyBefore = new Map(before.filter(isReadyAtGeneration).map((a) => [a.metadata.name, a.metadata.resourceVersion]));
    expect(readyBefore.size).toBeGreaterThan(0);
    expect(readyBefore.size).toBeLessThan(total);

    const second = await startOperator({ AISPM_LEADER_LEASE: lease, AISPM_LEASE_DURATION_SECONDS: "2", AISPM_RETRY_PERIOD_SECONDS: "0.5" });
    try {
      const after = await waitFor(
        "all ready",
        async () => {
          const l = await listAssets(ns);
          return l.length === total && l.every(isReadyAtGeneration) && l;
        },
        60_000,
        200,
      );
      for (const a of after) {
        const rv = readyBefore.get(a.metadata.name);
        if (rv) expect(a.metadata.resourceVersion, `${a.metadata.name} was already done and must not be rewritten`).toBe(rv);
      }
      const writes = metricValue(await second.metrics(), "aispm_status_writes_total", 'kind="AIAsset"');
      expect(writes).toBe(total - readyBefore.size);
    } finally {
      await second.kill();
    }
  });

  it("elects one leader among two replicas and fails over when it dies", async () => {
    const ns = await createNamespace("leader");
    const lease = `leader-${ns}`;
    const fast = {
      AISPM_LEADER_LEASE: lease,
      AISPM_LEASE_DURATION_SECONDS: "3",
      AISPM_RENEW_DEADLINE_SECONDS: "2",
      AISPM_RETRY_PERIOD_SECONDS: "0.5",
    };
    const a = await startOperator({ ...fast, AISPM_LEADER_IDENTITY: `a-${ns}` });
    const b = await startOperator({ ...fast, AISPM_LEADER_IDENTITY: `b-${ns}` });
    const c = await kube();
    const leasePath = objectPath({ group: "coordination.k8s.io", version: "v1", plural: "leases" }, "default", lease);
    try {
      const holder = await waitFor("a leader", async () => (await c.request<Lease>("GET", leasePath)).spec.holderIdentity);
      const [leader, follower] = holder === a.identity ? [a, b] : [b, a];
      await waitFor("leader gauge", async () => metricValue(await leader.metrics(), "aispm_leader") === 1);
      expect(metricValue(await follower.metrics(), "aispm_leader")).toBe(0);
      // The follower is warm (caches synced) and ready, but does not reconcile.
      await waitFor("follower ready", async () => (await fetch(`http://127.0.0.1:${follower.port}/readyz`)).status === 200);

      await createAsset(ns, "before", tool(1));
      await waitFor("ready under first leader", async () => isReadyAtGeneration(await getAsset(ns, "before")));
      expect(metricValue(await follower.metrics(), "aispm_status_writes_total", 'kind="AIAsset"')).toBe(0);

      await leader.kill("SIGKILL");
      const killedAt = Date.now();
      await createAsset(ns, "after", tool(2));
      await waitFor("ready under new leader", async () => isReadyAtGeneration(await getAsset(ns, "after")), 20_000);
      const failoverMs = Date.now() - killedAt;
      const l = await c.request<Lease>("GET", leasePath);
      expect(l.spec.holderIdentity).toBe(follower.identity);
      expect(l.spec.leaseTransitions).toBeGreaterThanOrEqual(1);
      expect(failoverMs).toBeLessThan(15_000);
      expect(metricValue(await follower.metrics(), "aispm_leader")).toBe(1);
    } finally {
      await Promise.all([a.kill(), b.kill()]);
    }
  });

  it("releases the lease on SIGTERM so a standby takes over at once", async () => {
    const lease = `release-${Date.now()}`;
    const slow = { AISPM_LEADER_LEASE: lease, AISPM_LEASE_DURATION_SECONDS: "30", AISPM_RETRY_PERIOD_SECONDS: "0.5" };
    const a = await startOperator({ ...slow, AISPM_LEADER_IDENTITY: `a-${lease}` });
    const c = await kube();
    const leasePath = objectPath({ group: "coordination.k8s.io", version: "v1", plural: "leases" }, "default", lease);
    await waitFor("a leads", async () => (await c.request<Lease>("GET", leasePath)).spec.holderIdentity === a.identity);
    const b = await startOperator({ ...slow, AISPM_LEADER_IDENTITY: `b-${lease}` });
    try {
      await a.kill("SIGTERM");
      expect(a.child.exitCode).toBe(0);
      const start = Date.now();
      await waitFor("b leads", async () => (await c.request<Lease>("GET", leasePath)).spec.holderIdentity === b.identity, 10_000);
      // Well under the 30 s lease duration: the lease was handed over, not waited out.
      expect(Date.now() - start).toBeLessThan(5_000);
    } finally {
      await Promise.all([a.kill(), b.kill()]);
    }
  });
});
