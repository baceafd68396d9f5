import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import {
  createAsset,
  createNamespace,
  getAsset,
  isReadyAtGeneration,
  kubectl,
  startOperator,
  waitFor,
  type KubectlResult,
  type OperatorProcess,
} from "./support/cluster.js";

const SPEC = { type: "LLMEndpoint", llmEndpoint: { url: "https://api.openai.com/v1", provider: "openai", model: "gpt-4o" } };

/** The operator's RBAC, mirroring charts/aispm/templates/rbac.yaml, for service account `op` in `ns`. */
function rbac(ns: string, name: string): string {
  return `
apiVersion: v1
kind: ServiceAccount
metadata: {name: op, namespace: ${ns}}
---
apiVersion: v1
kind: Secret
metadata: {name: s-a, namespace: ${ns}}
---
apiVersion: v1
kind: Secret
metadata: {name: s-b, namespace: ${ns}}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: ${name}}
rules:
  - apiGroups: [aispm.dev]
    resources: [aiassets, scanschedules, scanreports, gatewaypolicies, findingreviews]
    verbs: [get, list, watch, patch]
  - apiGroups: [aispm.dev]
    resources: [aiassets/status, scanschedules/status, scanreports/status, gatewaypolicies/status, findingreviews/status]
    verbs: [get, patch, update]
  - apiGroups: [aispm.dev]
    resources: [aiassets/finalizers]
    verbs: [update]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: ${name}}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${name}}
subjects: [{kind: ServiceAccount, name: op, namespace: ${ns}}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: leader-election, namespace: ${ns}}
rules: [{apiGroups: [coordination.k8s.io], resources: [leases], verbs: [get, create, update]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: leader-election, namespace: ${ns}}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: leader-election}
subjects: [{kind: ServiceAccount, name: op, namespace: ${ns}}]
`;
}

async function must(args: string[], input?: string): Promise<string> {
  const r = await kubectl(args, input);
  if (r.code !== 0) throw new Error(`kubectl ${args.join(" ")}: ${r.stderr}`);
  return r.stdout.trim();
}

/** A kubeconfig for the suite's API server whose user is `user` (a YAML flow mapping). */
async function writeKubeconfig(path: string, user: string): Promise<void> {
  const server = await must(["config", "view", "--minify", "-o", "jsonpath={.clusters[0].cluster.server}"]);
  const ca = await must(["config", "view", "--minify", "--raw", "-o", "jsonpath={.clusters[0].cluster.certificate-authority-data}"]);
  await writeFile(
    path,
    `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "${server}", certificate-authority-data: "${ca}"}}]
users: [{name: op, user: ${user}}]
contexts: [{name: c, context: {cluster: c, user: op}}]
current-context: c
`,
  );
}

/** kubectl as someone else: only the given kubeconfig, not the suite's admin one. */
function kubectlAs(kubeconfigPath: string, args: string[]): Promise<KubectlResult> {
  return new Promise((resolve) => {
    execFile(join(inject("binDir"), "kubectl"), ["--kubeconfig", kubeconfigPath, ...args], (err, stdout, stderr) => {
      resolve({ code: err ? 1 : 0, stdout, stderr });
    });
  });
}

const boundToken = (ns: string, secret: string): Promise<string> =>
  must(["create", "token", "op", "-n", ns, "--bound-object-kind", "Secret", "--bound-object-name", secret, "--duration", "10m"]);

describe("credentials that rotate (real kube-apiserver, real operator)", () => {
  it("keeps reconciling after its tokenFile is rotated and the old token is revoked", async () => {
    const ns = await createNamespace("cred");
    const roleName = `aispm-${ns}`;
    const dir = await mkdtemp(join(tmpdir(), "aispm-cred-"));
    const tokenFile = join(dir, "token");
    const opKubeconfig = join(dir, "operator.kubeconfig");
    const tokenAKubeconfig = join(dir, "token-a.kubeconfig");
    let op: OperatorProcess | undefined;
    try {
      await must(["apply", "-f", "-"], rbac(ns, roleName));
      const tokenA = await boundToken(ns, "s-a");
      await writeFile(tokenFile, `${tokenA}\n`);
      await writeKubeconfig(opKubeconfig, `{tokenFile: "${tokenFile}"}`);
      await writeKubeconfig(tokenAKubeconfig, `{token: "${tokenA}"}`);
      expect((await kubectlAs(tokenAKubeconfig, ["get", "aiassets", "-n", ns])).code).toBe(0);

      op = await startOperator({ KUBECONFIG: opKubeconfig, POD_NAMESPACE: ns });
      await createAsset(ns, "before", SPEC);
      await waitFor("ready with token A", async () => isReadyAtGeneration(await getAsset(ns, "before")), 30_000);

      // Rotate: token B into the file, then revoke A by deleting the Secret it is bound to.
      await writeFile(tokenFile, `${await boundToken(ns, "s-b")}\n`);
      await must(["delete", "secret", "s-a", "-n", ns]);
      // What the operator would hit without re-reading: A is now refused (the API server caches
      // successful token reviews for up to 10 s, hence the wait).
      const refused = await waitFor(
        "token A refused",
        async () => {
          const r = await kubectlAs(tokenAKubeconfig, ["get", "aiassets", "-n", ns]);
          return r.code !== 0 && /Unauthorized/i.test(r.stderr) ? r.stderr : undefined;
        },
        30_000,
        500,
      );
      expect(refused).toMatch(/Unauthorized/i);
      const logsAtRotation = op.logs.length;

      await createAsset(ns, "after", SPEC);
      await waitFor("ready after rotation", async () => isReadyAtGeneration(await getAsset(ns, "after")), 30_000);
      await must([
        "patch",
        "aiasset",
        "before",
        "-n",
        ns,
        "--type",
        "merge",
        "-p",
        JSON.stringify({ spec: { llmEndpoint: { model: "gpt-4.1" } } }),
      ]);
      const before = await waitFor(
        "re-reconciled after rotation",
        async () => {
          const a = await getAsset(ns, "before");
          return isReadyAtGeneration(a) && (a.metadata.generation ?? 0) > 1 ? a : undefined;
        },
        30_000,
      );
      expect(before.metadata.generation).toBe(2);

      // Each 401 was answered by one re-read and retry: none reached a log line, and leadership held.
      const after = op.logs.slice(logsAtRotation).join("\n");
      expect(after).not.toMatch(/HTTP 401|Unauthorized|OP_ERR_CREDENTIALS|lost leadership/);
      expect(op.child.exitCode).toBeNull();
    } finally {
      await op?.kill();
      await kubectl(["delete", "clusterrole,clusterrolebinding", roleName, "--ignore-not-found"]);
      await rm(dir, { recursive: true, force: true });
    }
  });
});
