// One real control plane per test run: etcd + kube-apiserver + kube-controller-manager on 127.0.0.1.
import type { TestProject } from "vitest/node";
import { startLocalCluster } from "../../hack/local-cluster.js";

declare module "vitest" {
  export interface ProvidedContext {
    kubeconfig: string;
    binDir: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cluster = await startLocalCluster();
  project.provide("kubeconfig", cluster.kubeconfig);
  project.provide("binDir", cluster.binDir);
  return () => cluster.stop();
}
