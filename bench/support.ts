// Shared helpers for benchmarks: process stats and a bounded worker pool.
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { promisify } from "node:util";

export { ROOT, startLocalCluster as startControlPlane } from "../hack/local-cluster.js";
export const run = promisify(execFile);

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
