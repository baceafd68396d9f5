import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { inject } from "vitest";
import {
  createAsset,
  createNamespace,
  getAsset,
  isReadyAtGeneration,
  kubeconfig,
  kubectl,
  ROOT,
  startOperator,
  waitFor,
} from "./support/cluster.js";

const run = promisify(execFile);

describe("Helm chart (real helm, real kube-apiserver)", () => {
  it("installs with least-privilege RBAC that is exactly enough for the operator", async () => {
    const ns = await createNamespace("helm");
    const helm = join(inject("binDir"), "helm");
    // The suite already applied crds/ cluster-wide, outside any release: the chart's CRD templates would
    // refuse to adopt them (and a second owner would fight the suite), so this release leaves CRDs out.
    await run(helm, [
      "install",
      "aispm",
      join(ROOT, "charts", "aispm"),
      "-n",
      ns,
      "--kubeconfig",
      kubeconfig(),
      "--set",
      "crds.enabled=false",
    ]);
    const dep = await kubectl(["get", "deployment", "aispm-operator", "-n", ns, "-o", "jsonpath={.spec.replicas}"]);
    expect(dep.stdout).toBe("2");

    const sa = `system:serviceaccount:${ns}:aispm-operator`;
    const can = async (verb: string, resource: string, where = ["-A"]): Promise<string> =>
      (await kubectl(["auth", "can-i", verb, resource, "--as", sa, ...where])).stdout.trim();
    expect(await can("watch", "aiassets.aispm.dev")).toBe("yes");
    expect(await can("patch", "aiassets.aispm.dev/status")).toBe("yes");
    expect(await can("update", "leases.coordination.k8s.io", ["-n", ns])).toBe("yes");
    expect(await can("update", "leases.coordination.k8s.io", ["-n", "default"])).toBe("no");
    expect(await can("get", "secrets")).toBe("no");
    expect(await can("delete", "aiassets.aispm.dev")).toBe("no");
    expect(await can("create", "pods")).toBe("no");

    // Run the real operator with the chart's service account token: its RBAC must be sufficient.
    const token = (await kubectl(["create", "token", "aispm-operator", "-n", ns, "--duration", "1h"])).stdout.trim();
    const server = (await kubectl(["config", "view", "--minify", "-o", "jsonpath={.clusters[0].cluster.server}"])).stdout;
    const ca = (await kubectl(["config", "view", "--minify", "--raw", "-o", "jsonpath={.clusters[0].cluster.certificate-authority-data}"]))
      .stdout;
    const saKubeconfig = join(tmpdir(), `aispm-sa-${ns}.kubeconfig`);
    await writeFile(
      saKubeconfig,
      `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "${server}", certificate-authority-data: "${ca}"}}]
users: [{name: sa, user: {token: "${token}"}}]
contexts: [{name: c, context: {cluster: c, user: sa}}]
current-context: c
`,
    );
    const op = await startOperator({ KUBECONFIG: saKubeconfig, POD_NAMESPACE: ns, AISPM_LEADER_LEASE: "aispm-operator-leader" });
    try {
      await createAsset(ns, "chat", {
        type: "LLMEndpoint",
        llmEndpoint: { url: "https://api.openai.com/v1", provider: "openai", model: "gpt-4o" },
      });
      await waitFor("ready via chart RBAC", async () => isReadyAtGeneration(await getAsset(ns, "chat")), 30_000);
      expect(op.logs.join("\n")).not.toMatch(/forbidden/i);
    } finally {
      await op.kill();
    }
  });
});
