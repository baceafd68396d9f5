import { describe, expect, it } from "vitest";
import { loadConfig } from "./config.js";
import { OP_ERR } from "./errors.js";

describe("loadConfig", () => {
  it("applies defaults", () => {
    const c = loadConfig({});
    expect(c.fieldManager).toBe("aispm-operator");
    expect(c.leaderElection.enabled).toBe(true);
    expect(c.leaderElection.leaseDurationSeconds).toBe(15);
    expect(c.workers).toBe(4);
  });

  it("reads overrides from the environment", () => {
    const c = loadConfig({
      AISPM_LEADER_ELECT: "false",
      AISPM_WORKERS: "8",
      AISPM_LEASE_DURATION_SECONDS: "3",
      POD_NAMESPACE: "aispm-system",
    });
    expect(c.leaderElection.enabled).toBe(false);
    expect(c.workers).toBe(8);
    expect(c.leaderElection.leaseDurationSeconds).toBe(3);
    expect(c.leaderElection.namespace).toBe("aispm-system");
  });

  it("fails with OP_ERR_CONFIG naming the bad setting", () => {
    expect(() => loadConfig({ AISPM_WORKERS: "lots" })).toThrow(OP_ERR.CONFIG);
    expect(() => loadConfig({ AISPM_LOG_LEVEL: "loud" })).toThrow(/logLevel/);
  });
});
