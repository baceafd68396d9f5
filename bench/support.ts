// Shared helpers for benchmarks: a real local control plane and process stats.
import { execFile } from "node:child_process";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
export const ROOT = join(import.meta.dirname, "..");

export interface ControlPlane {
  kubeconfig: string;
  binDir: string;
  stop(): Promise<void>;
}

export async function startControlPlane(): Promise<ControlPlane> {
  const dir = await mkdtemp(join(tmpdir(), "aispm-bench-"));
  const script = join(ROOT, "hack", "controlplane.sh");
  const { stdout } = await run("bash", [script, "start", dir], { maxBuffer: 1 << 24 });
  const kubeconfig = stdout.trim().split("\n").pop() ?? "";
  const binDir = (await readFile(join(dir, "bin-dir"), "utf8")).trim();
  const kubectl = join(binDir, "kubectl");
  await run(kubectl, ["--kubeconfig", kubeconfig, "apply", "--server-side", "-f", join(ROOT, "crds")]);
  await run(kubectl, ["--kubeconfig", kubeconfig, "wait", "--for=condition=Established", "crd", "--all", "--timeout=60s"]);
  return { kubeconfig, binDir, stop: async () => { await run("bash", [script, "stop", dir]); } };
}

/** Peak and current resident set size of a process, in MiB, from /proc. */
export async function rssMiB(pid: number): Promise<{ peak: number; current: number }> {
  const status = await readFile(`/proc/${String(pid)}/status`, "utf8");
  const kb = (field: string): number => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { peak: kb("VmHWM") / 1024, current: kb("VmRSS") / 1024 };
}

export async function pool<T>(items: T[], concurrency: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

export { run };
