// The smoke test every Job and sidecar test builds on: the local cluster has a real node that
// runs pods (two containers, a Job), serves their logs and exec, and routes Services.
import { describe, expect, inject, it } from "vitest";
import { createNamespace, kubectl, waitFor } from "./support/cluster.js";

const image = (): string => inject("testboxImage");

async function ok(args: string[], input?: string): Promise<string> {
  const r = await kubectl(args, input);
  if (r.code !== 0) throw new Error(`kubectl ${args.join(" ")} failed: ${r.stderr}`);
  return r.stdout;
}

/** The default ServiceAccount appears shortly after the namespace; pods are refused until it does. */
async function namespaceWithServiceAccount(prefix: string): Promise<string> {
  const ns = await createNamespace(prefix);
  await waitFor("default service account", async () => (await kubectl(["get", "sa", "default", "-n", ns])).code === 0, 30_000, 200);
  return ns;
}

describe("the local node (real kubelet + containerd)", () => {
  it("is one Ready node reporting the real versions", async () => {
    const nodes = JSON.parse(await ok(["get", "nodes", "-o", "json"])) as {
      items: {
        metadata: { name: string };
        status: { conditions: { type: string; status: string }[]; nodeInfo: { kubeletVersion: string; containerRuntimeVersion: string } };
      }[];
    };
    expect(nodes.items).toHaveLength(1);
    const node = nodes.items[0];
    expect(node?.status.conditions.find((c) => c.type === "Ready")?.status).toBe("True");
    expect(node?.status.nodeInfo.kubeletVersion).toBe("v1.34.4");
    expect(node?.status.nodeInfo.containerRuntimeVersion).toMatch(/^containerd:\/\/2\./);
    const version = JSON.parse(await ok(["version", "-o", "json"])) as {
      clientVersion: { gitVersion: string };
      serverVersion: { gitVersion: string };
    };
    expect(version.clientVersion.gitVersion).toBe("v1.34.4");
    expect(version.serverVersion.gitVersion).toBe("v1.34.4");
  });

  it("runs a pod with two containers to Ready; logs and exec work", async () => {
    const ns = await namespaceWithServiceAccount("node-pod");
    await ok(
      ["apply", "-n", ns, "-f", "-"],
      JSON.stringify({
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: "two" },
        spec: {
          containers: ["a", "b"].map((name) => ({
            name,
            image: image(),
            imagePullPolicy: "Never",
            command: ["sh", "-c", `echo hello from ${name}; exec sleep 3600`],
            securityContext: { runAsNonRoot: true, runAsUser: 65532, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false },
          })),
          terminationGracePeriodSeconds: 1,
        },
      }),
    );
    await ok(["wait", "-n", ns, "--for=condition=Ready", "pod/two", "--timeout=90s"]);
    expect(await ok(["logs", "-n", ns, "two", "-c", "a"])).toContain("hello from a");
    expect(await ok(["logs", "-n", ns, "two", "-c", "b"])).toContain("hello from b");
    expect(
      (await ok(["exec", "-n", ns, "two", "-c", "b", "--", "sh", "-c", "echo uid=$(id -u 2>/dev/null || echo 65532)"])).trim(),
    ).toMatch(/^uid=/);
    // The kubernetes Service routes to the apiserver through kube-proxy's rules.
    const svc = await kubectl([
      "exec",
      "-n",
      ns,
      "two",
      "-c",
      "a",
      "--",
      "sh",
      "-c",
      "echo | nc -w 3 10.0.0.1 443 >/dev/null && echo reached",
    ]);
    expect(svc.stdout.trim()).toBe("reached");
  });

  it("runs a Job to completion and keeps its logs readable", async () => {
    const ns = await namespaceWithServiceAccount("node-job");
    await ok(
      ["apply", "-n", ns, "-f", "-"],
      JSON.stringify({
        apiVersion: "batch/v1",
        kind: "Job",
        metadata: { name: "once" },
        spec: {
          backoffLimit: 0,
          template: {
            spec: {
              restartPolicy: "Never",
              containers: [
                { name: "job", image: image(), imagePullPolicy: "Never", command: ["sh", "-c", "echo job ran; echo result=42"] },
              ],
            },
          },
        },
      }),
    );
    await ok(["wait", "-n", ns, "--for=condition=Complete", "job/once", "--timeout=90s"]);
    expect(await ok(["logs", "-n", ns, "job/once"])).toContain("result=42");
  });
});
