// One real control plane per test run: etcd + kube-apiserver + kube-controller-manager on 127.0.0.1.
import { execFile } from "node:child_process";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { TestProject } from "vitest/node";

const run = promisify(execFile);
const root = join(import.meta.dirname, "..", "..");

declare module "vitest" {
  export interface ProvidedContext {
    kubeconfig: string;
    binDir: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = await mkdtemp(join(tmpdir(), "aispm-cp-"));
  const script = join(root, "hack", "controlplane.sh");
  const { stdout } = await run("bash", [script, "start", dir], { maxBuffer: 1 << 24 });
  const kubeconfig = stdout.trim().split("\n").pop() ?? "";
  const binDir = (await readFile(join(dir, "bin-dir"), "utf8")).trim();
  await run(join(binDir, "kubectl"), ["--kubeconfig", kubeconfig, "apply", "--server-side", "-f", join(root, "crds")]);
  await run(join(binDir, "kubectl"), ["--kubeconfig", kubeconfig, "wait", "--for=condition=Established", "crd", "--all", "--timeout=60s"]);
  project.provide("kubeconfig", kubeconfig);
  project.provide("binDir", binDir);
  return async () => {
    await run("bash", [script, "stop", dir]);
  };
}
