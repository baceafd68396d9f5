// npm run bench:cluster — how long the local cluster takes to be useful, and how fast it starts pods.
//   start → node Ready, and → operator pods Ready (chart installed from locally built images),
//   cold (an empty aispm build cache: Go binaries relinked, images built) and warm (everything cached);
//   then 50 pods created at open-loop arrivals (5/s): creation → Ready latency p50/p99.
// Go's own module and build caches stay warm in both runs: "cold" is a new checkout on a machine
// that has built Go before, not a machine that never has.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { localImageValues } from "../hack/local-cluster.js";
import { ROOT, run } from "./support.js";

const PODS = Number(process.argv[2] ?? 50);
const ARRIVALS_PER_S = 5;
const withCold = !process.argv.includes("--warm-only");

interface Timing {
  nodeReadyS: number;
  operatorReadyS: number;
}

async function timedStart(env: NodeJS.ProcessEnv): Promise<Timing & { dir: string; kubeconfig: string; bin: string }> {
  const dir = await mkdtemp(join(tmpdir(), "aispm-bench-cluster-"));
  const t0 = performance.now();
  const { stdout } = await run("bash", [join(ROOT, "hack", "controlplane.sh"), "start", dir], { env, maxBuffer: 1 << 24 });
  const nodeReadyS = (performance.now() - t0) / 1000;
  const kubeconfig = stdout.trim().split("\n").pop() ?? "";
  const bin = (await readFile(join(dir, "bin-dir"), "utf8")).trim();
  const ctr = join((await readFile(join(dir, "node-bin-dir"), "utf8")).trim(), "ctr");
  const refs = (
    await run("bash", [join(ROOT, "hack", "images.sh"), "import", join(dir, "containerd", "containerd.sock")], {
      env: { ...env, CTR: ctr },
      maxBuffer: 1 << 24,
    })
  ).stdout
    .trim()
    .split("\n");
  const operator = refs.find((r) => r.includes("/operator:")) ?? "";
  await run(join(bin, "kubectl"), ["--kubeconfig", kubeconfig, "apply", "--server-side", "-f", join(ROOT, "crds")]);
  await run(
    join(bin, "helm"),
    [
      "install",
      "aispm",
      join(ROOT, "charts", "aispm"),
      "--kubeconfig",
      kubeconfig,
      "-n",
      "aispm-system",
      "--create-namespace",
      "--set",
      "crds.enabled=false",
      ...localImageValues(operator),
      "--wait",
      "--timeout",
      "10m",
    ],
    { env },
  );
  return { dir, kubeconfig, bin, nodeReadyS, operatorReadyS: (performance.now() - t0) / 1000 };
}

async function stop(dir: string): Promise<void> {
  await run("bash", [join(ROOT, "hack", "controlplane.sh"), "stop", dir]);
}

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
};

/** Open loop: pods are created on a fixed schedule whether or not earlier ones are Ready yet. */
async function podStartLatencies(kubeconfig: string, bin: string, image: string): Promise<number[]> {
  const kubectl = (...args: string[]) => run(join(bin, "kubectl"), ["--kubeconfig", kubeconfig, ...args], { maxBuffer: 1 << 26 });
  await kubectl("create", "namespace", "bench-pods");
  for (let i = 0; i < 100; i++) {
    if (
      await kubectl("get", "sa", "default", "-n", "bench-pods").then(
        () => true,
        () => false,
      )
    )
      break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const creates: Promise<unknown>[] = [];
  const t0 = performance.now();
  for (let i = 0; i < PODS; i++) {
    const due = t0 + (i * 1000) / ARRIVALS_PER_S;
    await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
    creates.push(
      kubectl(
        "run",
        `p${i}`,
        "-n",
        "bench-pods",
        `--image=${image}`,
        "--image-pull-policy=Never",
        "--restart=Never",
        "--command",
        "--",
        "sleep",
        "3600",
      ),
    );
  }
  await Promise.all(creates);
  await kubectl("wait", "-n", "bench-pods", "--for=condition=Ready", "pods", "--all", "--timeout=300s");
  const pods = JSON.parse((await kubectl("get", "pods", "-n", "bench-pods", "-o", "json")).stdout) as {
    items: { metadata: { creationTimestamp: string }; status: { conditions: { type: string; lastTransitionTime: string }[] } }[];
  };
  // Second resolution on both ends, as the API reports them.
  return pods.items.map(
    (p) =>
      (Date.parse(p.status.conditions.find((c) => c.type === "Ready")?.lastTransitionTime ?? "") -
        Date.parse(p.metadata.creationTimestamp)) /
      1000,
  );
}

const rows: [string, string, string][] = [];
if (withCold) {
  const cache = await mkdtemp(join(tmpdir(), "aispm-bench-cache-"));
  const cold = await timedStart({ ...process.env, AISPM_CACHE: cache });
  await stop(cold.dir);
  await rm(cache, { recursive: true, force: true });
  rows.push(["cold (empty aispm cache)", cold.nodeReadyS.toFixed(1), cold.operatorReadyS.toFixed(1)]);
}
const warm = await timedStart(process.env);
rows.push(["warm", warm.nodeReadyS.toFixed(1), warm.operatorReadyS.toFixed(1)]);
try {
  const image = (await run("bash", [join(ROOT, "hack", "cluster", "testbox.sh"), warm.dir])).stdout.trim();
  const lat = await podStartLatencies(warm.kubeconfig, warm.bin, image);
  console.log("start                      node Ready (s)   operator pods Ready (s)");
  for (const [what, node, op] of rows) console.log(`${what.padEnd(27)}${node.padStart(14)}${op.padStart(26)}`);
  console.log(
    `\n${PODS} pods at ${ARRIVALS_PER_S}/s (open loop): creation → Ready p50 ${pct(lat, 50).toFixed(1)} s, p99 ${pct(lat, 99).toFixed(1)} s, max ${Math.max(...lat).toFixed(1)} s`,
  );
} finally {
  await stop(warm.dir);
}
