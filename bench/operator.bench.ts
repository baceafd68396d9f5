// npm run bench:operator — 2,000 AIAssets on a real local control plane.
// Prints, side by side: the API floor (creating the objects, no operator) and the time until
// the operator has every asset Ready at its current generation, plus the operator's peak RSS.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { KubeClient } from "../operator/src/kube/client.js";
import { aispmResource, collectionPath } from "../operator/src/kube/paths.js";
import type { KubeObject, ObjectList, WatchEvent } from "../operator/src/kube/types.js";
import { pool, ROOT, rssMiB, run, startControlPlane } from "./support.js";

const COUNT = Number(process.argv[2] ?? 2000);
const AIASSETS = aispmResource("aiassets");
type Asset = KubeObject<unknown, { observedGeneration?: number; conditions?: { type: string; status: string }[] }>;

const spec = (i: number): Record<string, unknown> =>
  i % 2 === 0
    ? { type: "LLMEndpoint", llmEndpoint: { url: `https://llm-${i}.example.com/v1`, provider: "openai", model: "gpt-4o-mini" } }
    : {
        type: "Agent",
        agent: { framework: "langgraph", autonomy: "supervised" },
        relations: [{ type: "uses", target: { name: `asset-${i - 1}` } }],
      };

async function createAll(c: KubeClient, ns: string): Promise<number> {
  await c.request("POST", "/api/v1/namespaces", { body: { apiVersion: "v1", kind: "Namespace", metadata: { name: ns } } });
  const t0 = performance.now();
  await pool([...Array(COUNT).keys()], 16, async (i) => {
    await c.request("POST", collectionPath(AIASSETS, ns), {
      body: { apiVersion: "aispm.dev/v1alpha1", kind: "AIAsset", metadata: { name: `asset-${i}` }, spec: spec(i) },
    });
  });
  return performance.now() - t0;
}

const isReady = (a: Asset): boolean =>
  a.status?.observedGeneration === a.metadata.generation &&
  (a.status?.conditions ?? []).some((x) => x.type === "Ready" && x.status === "True");

/** Watches (rather than re-lists) so the measuring side adds little load to the API server. */
async function waitAllReady(c: KubeClient, ns: string): Promise<void> {
  const ready = new Set<string>();
  const list = await c.request<ObjectList<Asset>>("GET", collectionPath(AIASSETS, ns));
  for (const a of list.items) if (isReady(a)) ready.add(a.metadata.name);
  let rv = list.metadata.resourceVersion;
  while (ready.size < COUNT) {
    for await (const ev of c.stream<WatchEvent<Asset>>(collectionPath(AIASSETS, ns), {
      query: { watch: 1, resourceVersion: rv, timeoutSeconds: 60 },
    })) {
      const a = ev.object as Asset;
      rv = a.metadata.resourceVersion ?? rv;
      if (isReady(a)) ready.add(a.metadata.name);
      else ready.delete(a.metadata.name);
      if (ready.size >= COUNT) return;
    }
  }
}

async function waitForLeader(c: KubeClient): Promise<void> {
  for (;;) {
    try {
      const lease = await c.request<{ spec: { holderIdentity?: string } }>(
        "GET",
        "/apis/coordination.k8s.io/v1/namespaces/default/leases/aispm-operator-leader",
      );
      if (lease.spec.holderIdentity) return;
    } catch {
      // not created yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function main(): Promise<void> {
  console.log(`building operator (tsc) and starting a local control plane ...`);
  await run("npx", ["tsc", "-p", join(ROOT, "tsconfig.build.json")], { cwd: ROOT });
  const cp = await startControlPlane();
  const c = await KubeClient.fromKubeconfig(cp.kubeconfig);
  try {
    const baselineMs = await createAll(c, "bench-baseline");
    // Drop the baseline objects (no operator ran, so no finalizers) so the operator caches only the measured set.
    await c.request("DELETE", collectionPath(AIASSETS, "bench-baseline"));

    const op = spawn(process.execPath, [join(ROOT, "dist", "operator", "src", "main.js")], {
      env: {
        PATH: process.env.PATH,
        KUBECONFIG: cp.kubeconfig,
        AISPM_HEALTH_ADDR: "127.0.0.1:0",
        AISPM_LOG_LEVEL: "warn",
        AISPM_WORKERS: "8",
      },
      stdio: ["ignore", "inherit", "inherit"],
    });
    const pid = op.pid ?? 0;
    // Wait until it is leading and idle, so the measured run starts from steady state.
    await waitForLeader(c);

    const t0 = performance.now();
    const createMs = await createAll(c, "bench-run");
    await waitAllReady(c, "bench-run");
    const readyMs = performance.now() - t0;
    const rss = await rssMiB(pid);
    op.kill("SIGTERM");

    const rows: [string, string, string][] = [
      ["assets", String(COUNT), ""],
      ["create only, no operator (baseline)", `${(baselineMs / 1000).toFixed(2)} s`, "1.00x"],
      ["create while operator runs", `${(createMs / 1000).toFixed(2)} s`, `${(createMs / baselineMs).toFixed(2)}x`],
      ["create -> all Ready @ generation", `${(readyMs / 1000).toFixed(2)} s`, `${(readyMs / baselineMs).toFixed(2)}x`],
      ["operator peak RSS (VmHWM)", `${rss.peak.toFixed(1)} MiB`, "target < 200 MiB"],
      ["operator RSS at end", `${rss.current.toFixed(1)} MiB`, ""],
    ];
    console.log("\nbench:operator");
    for (const [k, v, r] of rows) console.log(`  ${k.padEnd(38)} ${v.padStart(12)}   ${r}`);
    console.log(
      `  target: all Ready < 30 s -> ${readyMs < 30_000 ? "met" : "MISSED"}; RSS < 200 MiB -> ${rss.peak < 200 ? "met" : "MISSED"}`,
    );
  } finally {
    await cp.stop();
  }
}

await main();
