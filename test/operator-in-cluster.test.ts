// The operator as users run it: the Helm chart installed on the local node, two leader-elected
// replicas running the locally built image with the chart's service account.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { localImageValues } from "../hack/local-cluster.js";
import { createAsset, createNamespace, getAsset, isReadyAtGeneration, kubeconfig, kubectl, ROOT, run, waitFor } from "./support/cluster.js";

const LEASE = "aispm-operator-leader";

async function ok(args: string[]): Promise<string> {
  const r = await kubectl(args);
  if (r.code !== 0) throw new Error(`kubectl ${args.join(" ")} failed: ${r.stderr}`);
  return r.stdout;
}

interface PodList {
  items: { metadata: { name: string; deletionTimestamp?: string }; status: { conditions?: { type: string; status: string }[] } }[];
}

async function readyPods(ns: string): Promise<string[]> {
  const pods = JSON.parse(await ok(["get", "pods", "-n", ns, "-l", "app.kubernetes.io/name=aispm", "-o", "json"])) as PodList;
  return pods.items
    .filter((p) => !p.metadata.deletionTimestamp && p.status.conditions?.some((c) => c.type === "Ready" && c.status === "True"))
    .map((p) => p.metadata.name);
}

async function leaseHolder(ns: string): Promise<string> {
  return (await ok(["get", "lease", LEASE, "-n", ns, "-o", "jsonpath={.spec.holderIdentity}"])).trim();
}

const endpoint = (model: string) => ({ type: "LLMEndpoint", llmEndpoint: { url: "https://api.openai.com/v1", provider: "openai", model } });

describe("operator in the cluster (Helm chart on the real node)", () => {
  let ns: string;
  const helm = (): string => join(inject("binDir"), "helm");

  beforeAll(async () => {
    ns = await createNamespace("aispm-system");
    const image = inject("operatorImage");
    await run(helm(), [
      "install",
      "aispm",
      join(ROOT, "charts", "aispm"),
      "-n",
      ns,
      "--kubeconfig",
      kubeconfig(),
      // CRDs are installed cluster-wide by the suite.
      "--set",
      "crds.enabled=false",
      ...localImageValues(image),
      "--set",
      "operator.leaderElection.leaseDurationSeconds=6",
      "--set",
      "operator.leaderElection.renewDeadlineSeconds=4",
      "--set",
      "operator.leaderElection.retryPeriodSeconds=1",
      "--wait",
      "--timeout",
      "3m",
    ]);
  });
  afterAll(async () => {
    await run(helm(), ["uninstall", "aispm", "-n", ns, "--kubeconfig", kubeconfig(), "--wait", "--timeout", "2m"]).catch(() => undefined);
    // Nothing of this operator may keep reconciling into later test files.
    await waitFor("operator pods gone", async () => (await readyPods(ns)).length === 0, 60_000, 500);
  });

  it("runs two Ready replicas, the leader Lease held by one of the pods", async () => {
    const pods = await waitFor(
      "2 ready operator pods",
      async () => {
        const p = await readyPods(ns);
        return p.length === 2 && p;
      },
      120_000,
      500,
    );
    const holder = await waitFor(
      "lease holder",
      async () => {
        const h = await leaseHolder(ns);
        return pods.includes(h) && h;
      },
      60_000,
      500,
    );
    expect(pods).toContain(holder);
    expect(await ok(["logs", "-n", ns, holder])).toContain("controllers started");
  });

  it("reconciles the samples from inside the cluster with the chart's service account", async () => {
    const apps = await createNamespace("in-cluster");
    await ok(["apply", "-n", apps, "-f", join(ROOT, "config", "samples")]);
    await ok(["wait", "-n", apps, "--for=condition=Ready", "aiassets", "--all", "--timeout=90s"]);
    const asset = await getAsset(apps, "policy-qa-rag");
    expect(isReadyAtGeneration(asset)).toBe(true);
    const managers = (asset.metadata.managedFields ?? []).map((m) => m.manager);
    expect(managers).toContain("aispm-operator-aiasset");
  });

  it("fails over when the leader pod is deleted", async () => {
    const before = await waitFor(
      "lease holder",
      async () => {
        const h = await leaseHolder(ns);
        return (await readyPods(ns)).includes(h) && h;
      },
      60_000,
      500,
    );
    await ok(["delete", "pod", before, "-n", ns, "--wait=false"]);
    const after = await waitFor(
      "a new leader",
      async () => {
        const h = await leaseHolder(ns);
        return h !== before && h.length > 0 && h;
      },
      60_000,
      250,
    );
    expect(after).not.toBe(before);
    const apps = await createNamespace("failover");
    await createAsset(apps, "after", endpoint("gpt-4.1"));
    await waitFor("asset Ready after failover", async () => isReadyAtGeneration(await getAsset(apps, "after")), 60_000, 250);
  });
});
