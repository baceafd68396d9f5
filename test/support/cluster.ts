import { execFile, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { promisify } from "node:util";
import { inject } from "vitest";
import { KubeClient } from "../../operator/src/kube/client.js";
import { aispmResource, objectPath, collectionPath } from "../../operator/src/kube/paths.js";
import type { KubeObject, ObjectList } from "../../operator/src/kube/types.js";

const run = promisify(execFile);
export const ROOT = join(import.meta.dirname, "..", "..");
export const AIASSETS = aispmResource("aiassets");

export const kubeconfig = (): string => inject("kubeconfig");

let client: KubeClient | undefined;
export async function kube(): Promise<KubeClient> {
  client ??= await KubeClient.fromKubeconfig(kubeconfig());
  return client;
}

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function kubectl(args: string[], input?: string): Promise<KubectlResult> {
  const bin = join(inject("binDir"), "kubectl");
  return new Promise((resolve) => {
    const child = execFile(bin, ["--kubeconfig", kubeconfig(), ...args], { maxBuffer: 1 << 24 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === "number" ? err.code : 1) : 0, stdout, stderr });
    });
    if (input !== undefined) child.stdin?.end(input);
  });
}

/** A fresh namespace per test keeps tests independent on the shared control plane. */
export async function createNamespace(prefix: string): Promise<string> {
  const name = `${prefix}-${randomBytes(3).toString("hex")}`;
  const c = await kube();
  await c.request("POST", "/api/v1/namespaces", { body: { apiVersion: "v1", kind: "Namespace", metadata: { name } } });
  return name;
}

export async function waitFor<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 30_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v !== undefined && v !== false) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last instanceof Error ? `: ${last.message}` : ""}`);
}

export type Asset = KubeObject<
  { type: string; relations?: unknown[] } & Record<string, unknown>,
  {
    observedGeneration?: number;
    conditions?: {
      type: string;
      status: string;
      reason: string;
      message: string;
      observedGeneration?: number;
      lastTransitionTime?: string;
    }[];
  }
>;

export async function getAsset(ns: string, name: string): Promise<Asset> {
  return (await kube()).request<Asset>("GET", objectPath(AIASSETS, ns, name));
}

export async function listAssets(ns: string): Promise<Asset[]> {
  return (await (await kube()).request<ObjectList<Asset>>("GET", collectionPath(AIASSETS, ns))).items;
}

export async function createAsset(ns: string, name: string, spec: Record<string, unknown>): Promise<Asset> {
  return (await kube()).request<Asset>("POST", collectionPath(AIASSETS, ns), {
    body: { apiVersion: "aispm.dev/v1alpha1", kind: "AIAsset", metadata: { name, namespace: ns }, spec },
  });
}

export const condition = (a: Asset, type: string) => a.status?.conditions?.find((c) => c.type === type);

export const isReadyAtGeneration = (a: Asset): boolean => {
  const ready = condition(a, "Ready");
  return (
    ready?.status === "True" && a.status?.observedGeneration === a.metadata.generation && ready.observedGeneration === a.metadata.generation
  );
};

export interface OperatorProcess {
  child: ChildProcess;
  identity: string;
  port: number;
  logs: string[];
  metrics(): Promise<string>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts the real operator (operator/src/main.ts) as its own process. */
export async function startOperator(env: Record<string, string>): Promise<OperatorProcess> {
  const identity = env.AISPM_LEADER_IDENTITY ?? `op-${randomBytes(3).toString("hex")}`;
  const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "operator", "src", "main.ts")], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      KUBECONFIG: kubeconfig(),
      AISPM_HEALTH_ADDR: "127.0.0.1:0",
      AISPM_LEADER_IDENTITY: identity,
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logs: string[] = [];
  let buf = "";
  child.stdout.on("data", (d: Buffer) => {
    buf += d.toString();
    const lines = buf.split("\n");
    buf = lines.pop() ?? "";
    logs.push(...lines);
  });
  child.stderr.on("data", (d: Buffer) => {
    logs.push(d.toString());
  });
  const port = await waitFor(
    "operator health port",
    () => {
      for (const l of logs) {
        const m = /"port":(\d+),"msg":"health server listening"/.exec(l);
        if (m?.[1]) return Promise.resolve(Number(m[1]));
      }
      if (child.exitCode !== null) throw new Error(`operator exited: ${logs.join("\n")}`);
      return Promise.resolve(undefined);
    },
    30_000,
    50,
  );
  return {
    child,
    identity,
    port,
    logs,
    metrics: async () => (await fetch(`http://127.0.0.1:${port}/metrics`)).text(),
    kill: (signal: NodeJS.Signals = "SIGTERM") =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) {
          resolve();
          return;
        }
        child.once("exit", () => {
          resolve();
        });
        child.kill(signal);
      }),
  };
}

export function metricValue(text: string, name: string, labels = ""): number {
  const prefix = `${name}${labels ? `{${labels}}` : ""} `;
  const line = text.split("\n").find((l) => l.startsWith(prefix));
  return line ? Number(line.split(" ").pop()) : 0;
}

export { run };
