import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { bundleText, keysFile, testKey } from "../../test/helpers/bundles.js";
import { compileFilter } from "../filter/index.js";
import { GatewayMetrics } from "../obs/metrics.js";
import { PolicyManager } from "./manager.js";

function setup(highWater = 0, highDigest?: string) {
  const dir = mkdtempSync(join(tmpdir(), "gw-pm-"));
  const key = testKey("k");
  const clock = { t: Date.parse("2025-05-01T00:00:00Z") };
  let mark = highWater;
  let digest = highDigest;
  writeFileSync(join(dir, "keys.json"), keysFile([key]));
  const write = (version: number, policy: Record<string, unknown> = { podSelector: {} }, ttlMs = 3_600_000) => {
    writeFileSync(join(dir, "bundle.json"), bundleText(key, { version, policy, nowMs: clock.t, ttlMs }));
  };
  const pm = new PolicyManager({
    policyPath: join(dir, "bundle.json"),
    keysPath: join(dir, "keys.json"),
    compile: compileFilter,
    now: () => clock.t,
    skewMs: 0,
    logger: pino({ level: "silent" }),
    metrics: new GatewayMetrics({ defaultMetrics: false }),
    highWater: {
      get: () => ({ version: mark, digest }),
      note: (v, d) => {
        mark = Math.max(mark, v);
        digest = d;
      },
    },
  });
  return { dir, key, clock, pm, write, mark: () => mark, digest: () => digest };
}

describe("PolicyManager", () => {
  it("applies, skips unchanged content, records the high-water mark and refuses rollbacks", async () => {
    const s = setup();
    s.write(3);
    expect(await s.pm.reload()).toEqual({ status: "applied", version: 3 });
    expect(await s.pm.reload()).toEqual({ status: "unchanged" });
    expect(s.mark()).toBe(3);
    s.write(2);
    expect(await s.pm.reload()).toMatchObject({ status: "refused", code: "GW_ERR_POLICY_ROLLBACK" });
    expect(s.pm.current()?.version).toBe(3);
  });

  it("after a restart accepts the same version again but not an older one (persisted high-water mark)", async () => {
    const s = setup(5);
    s.write(4);
    expect(await s.pm.reload()).toMatchObject({ status: "refused", code: "GW_ERR_POLICY_ROLLBACK" });
    s.write(5);
    expect(await s.pm.reload()).toEqual({ status: "applied", version: 5 });
  });

  it("after a restart refuses the same version with a different digest, accepts the identical bundle", async () => {
    const first = setup();
    first.write(5);
    await first.pm.reload();
    const applied = first.digest();
    expect(applied).toMatch(/^[0-9a-f]{64}$/);
    const again = setup(5, applied);
    again.write(5, { podSelector: {}, failMode: "open" });
    expect(await again.pm.reload()).toMatchObject({ status: "refused", code: "GW_ERR_POLICY_ROLLBACK" });
    expect(again.pm.current()).toBeNull();
    const same = setup(5, applied);
    writeFileSync(join(same.dir, "keys.json"), keysFile([first.key]));
    writeFileSync(join(same.dir, "bundle.json"), readFileSync(join(first.dir, "bundle.json")));
    expect(await same.pm.reload()).toEqual({ status: "applied", version: 5 });
  });

  it("stops enforcing an expired bundle (fail closed) unless the policy itself says failMode open", async () => {
    const closed = setup();
    closed.write(1, { podSelector: {} }, 60_000);
    await closed.pm.reload();
    closed.clock.t += 61_000;
    expect(closed.pm.current()).toBeNull();
    expect(closed.pm.expiredFailOpen).toBe(false);

    const open = setup();
    open.write(1, { podSelector: {}, failMode: "open" }, 60_000);
    await open.pm.reload();
    expect(open.pm.expiredFailOpen).toBe(false);
    open.clock.t += 61_000;
    expect(open.pm.current()).toBeNull();
    expect(open.pm.expiredFailOpen).toBe(true);
    open.write(2);
    expect(await open.pm.reload()).toEqual({ status: "applied", version: 2 });
    expect(open.pm.current()?.version).toBe(2);
  });

  it("withdraws the policy when its key is revoked, accepts it when a new key is trusted", async () => {
    const s = setup();
    s.write(1);
    await s.pm.reload();
    writeFileSync(join(s.dir, "keys.json"), keysFile([s.key], ["k"]));
    await s.pm.reload();
    expect(s.pm.current()).toBeNull();
    expect(s.pm.expiredFailOpen).toBe(false);
    const k2 = testKey("k2");
    writeFileSync(join(s.dir, "keys.json"), keysFile([s.key, k2], ["k"]));
    writeFileSync(join(s.dir, "bundle.json"), bundleText(k2, { version: 2, policy: { podSelector: {} }, nowMs: s.clock.t }));
    expect(await s.pm.reload()).toEqual({ status: "applied", version: 2 });
  });

  it("keeps the last good keys and policy when the keys file turns invalid", async () => {
    const s = setup();
    s.write(1);
    await s.pm.reload();
    writeFileSync(join(s.dir, "keys.json"), "{ broken");
    expect(await s.pm.reload()).toMatchObject({ status: "refused", code: "GW_ERR_KEYS_INVALID" });
    expect(s.pm.current()?.version).toBe(1);
  });
});
