import { spawn } from "node:child_process";
import { once } from "node:events";
import { networkInterfaces } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { startGateway } from "../src/main.js";
import { LogSink, postJson, startHarness } from "./helpers/harness.js";

/** A non-loopback IPv4 address of this machine (the "pod IP" kubelet and Prometheus use), if any. */
function podIp(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((a) => a !== undefined && a.family === "IPv4" && !a.internal)?.address;
}

describe("item 12: health and metrics on their own listener, the proxy on loopback only", () => {
  it("serves /healthz, /readyz and /metrics on the health listener, which serves no proxy route", async () => {
    const h = await startHarness();
    try {
      const health = h.gw.healthUrl;
      expect(health).not.toBe(h.gw.url);
      expect((await fetch(`${health}/healthz`)).status).toBe(200);
      expect(await (await fetch(`${health}/readyz`)).json()).toMatchObject({ ready: true, policy: { version: 1 } });
      expect(await (await fetch(`${health}/metrics`)).text()).toContain("aispm_gateway_policy_version 1");
      const proxied = await postJson(`${health}/v1/chat/completions`, { model: "m", messages: [] });
      expect(proxied.status).toBe(404);
      expect(h.upstream.requests.length).toBe(0);
    } finally {
      await h.close();
    }
  });

  it("reaches health over the pod IP while the proxy there refuses connections", async (t) => {
    const ip = podIp();
    if (ip === undefined) {
      t.skip();
      return;
    }
    const h = await startHarness({ config: { healthListen: { host: "0.0.0.0", port: 0 } } });
    try {
      const healthPort = new URL(h.gw.healthUrl).port;
      expect((await fetch(`http://${ip}:${healthPort}/readyz`)).status).toBe(200);
      const proxy = await fetch(`http://${ip}:${h.gw.port}/v1/chat/completions`, { method: "POST", body: "{}" }).then(
        (r) => r.status,
        () => "refused",
      );
      expect(proxy).toBe("refused");
    } finally {
      await h.close();
    }
  });

  it("refuses to start with a non-loopback proxy listen unless explicitly allowed", async () => {
    const h = await startHarness({ policy: null });
    await h.gw.close();
    try {
      const wide = { ...h.config, listen: { host: "0.0.0.0", port: 0 } };
      await expect(startGateway(wide, { logDestination: new LogSink() })).rejects.toMatchObject({ code: "GW_ERR_CONFIG" });
      const allowed = await startGateway({ ...wide, allowNonLoopbackListen: true }, { logDestination: new LogSink() });
      expect(allowed.url).toMatch(/^http:\/\/0\.0\.0\.0:\d+$/);
      await allowed.close();

      const repo = fileURLToPath(new URL("../..", import.meta.url));
      const child = spawn(
        process.execPath,
        ["--import", "tsx", join(repo, "cli/src/main.ts"), "gateway", "--listen", "0.0.0.0:0", "--health-listen", "127.0.0.1:0"],
        { cwd: repo, stdio: ["ignore", "pipe", "pipe"], env: { PATH: process.env.PATH ?? "" } },
      );
      let err = "";
      child.stderr.on("data", (c: Buffer) => (err += c.toString()));
      const [code] = (await once(child, "exit")) as [number | null];
      expect(code).toBe(1);
      expect(err).toContain("GW_ERR_CONFIG");
      expect(err).toContain("--allow-non-loopback-listen");
    } finally {
      await h.upstream.close();
    }
  }, 30_000);
});
