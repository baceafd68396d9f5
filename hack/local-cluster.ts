// Starts the real local single-node cluster (hack/controlplane.sh) and installs the CRDs.
// Shared by the integration suite's global setup and the benchmarks.
import { execFile } from "node:child_process";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
export const ROOT = join(import.meta.dirname, "..");

export interface LocalCluster {
  /** the cluster's run directory (pki, logs, containerd socket) */
  dir: string;
  kubeconfig: string;
  binDir: string;
  stop(): Promise<void>;
}

export async function startLocalCluster(prefix = "aispm-cp-"): Promise<LocalCluster> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const script = join(ROOT, "hack", "controlplane.sh");
  const { stdout } = await run("bash", [script, "start", dir], { maxBuffer: 1 << 24 });
  const kubeconfig = stdout.trim().split("\n").pop() ?? "";
  const binDir = (await readFile(join(dir, "bin-dir"), "utf8")).trim();
  const kubectl = join(binDir, "kubectl");
  await run(kubectl, ["--kubeconfig", kubeconfig, "apply", "--server-side", "-f", join(ROOT, "crds")]);
  await run(kubectl, ["--kubeconfig", kubeconfig, "wait", "--for=condition=Established", "crd", "--all", "--timeout=60s"]);
  return {
    dir,
    kubeconfig,
    binDir,
    stop: async () => {
      await run("bash", [script, "stop", dir]);
    },
  };
}

/** Imports the busybox smoke-test image into the cluster's node; returns its ref. */
export async function importTestbox(cluster: LocalCluster): Promise<string> {
  const { stdout } = await run("bash", [join(ROOT, "hack", "cluster", "testbox.sh"), cluster.dir]);
  return stdout.trim();
}

/** What a stopped cluster must not leave behind: processes, mounts, the bridge, iptables chains, cgroups. */
export async function leftovers(dir: string): Promise<string[]> {
  const { stdout } = await run("bash", [join(ROOT, "hack", "cluster", "leftovers.sh"), dir]);
  return stdout.split("\n").filter((l) => l.length > 0);
}

/** Builds (content-addressed, cached) and imports aispm's images into the cluster's node; returns their refs. */
export async function importImages(cluster: LocalCluster, names: string[]): Promise<string[]> {
  const ctr = join((await readFile(join(cluster.dir, "node-bin-dir"), "utf8")).trim(), "ctr");
  const script = join(ROOT, "hack", "images.sh");
  const { stdout } = await run("bash", [script, "import", join(cluster.dir, "containerd", "containerd.sock"), ...names], {
    env: { ...process.env, CTR: ctr },
    maxBuffer: 1 << 24,
  });
  return stdout.trim().split("\n");
}

/** Helm flags that point the chart at a locally imported operator image (never pulled). */
export function localImageValues(ref: string): string[] {
  const colon = ref.lastIndexOf(":");
  return [
    "--set",
    `image.repository=${ref.slice(0, colon)}`,
    "--set-string",
    `image.tag=${ref.slice(colon + 1)}`,
    "--set",
    "image.pullPolicy=Never",
  ];
}
