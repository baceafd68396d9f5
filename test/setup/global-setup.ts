// One real single-node cluster per test run: control plane + containerd/kubelet/kube-proxy node.
import type { TestProject } from "vitest/node";
import { importImages, importTestbox, leftovers, startLocalCluster } from "../../hack/local-cluster.js";

declare module "vitest" {
  export interface ProvidedContext {
    kubeconfig: string;
    binDir: string;
    clusterDir: string;
    testboxImage: string;
    operatorImage: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cluster = await startLocalCluster();
  try {
    project.provide("kubeconfig", cluster.kubeconfig);
    project.provide("binDir", cluster.binDir);
    project.provide("clusterDir", cluster.dir);
    project.provide("testboxImage", await importTestbox(cluster));
    // The operator image as users run it (built from images/operator.Dockerfile, cached by content).
    const [operatorImage] = await importImages(cluster, ["operator"]);
    project.provide("operatorImage", operatorImage ?? "");
  } catch (err) {
    await cluster.stop();
    throw err;
  }
  return async () => {
    await cluster.stop();
    // Stopping must leave nothing behind; a leftover fails the run.
    const left = await leftovers(cluster.dir);
    if (left.length > 0) throw new Error(`the local cluster left behind:\n${left.join("\n")}`);
  };
}
