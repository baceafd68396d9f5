// The chart's rendered manifests, checked with the real helm (`helm template`, `helm lint --strict`):
// CRDs identical to crds/, least-privilege RBAC, hardened pods, values refused when wrong.
// Nothing here needs the control plane; it lives in the integration project for the built helm.
import { execFile } from "node:child_process";
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import { chartTemplate } from "../hack/gen-crds.js";

const ROOT = join(import.meta.dirname, "..");
const CHART = join(ROOT, "charts", "aispm");
const KEEP = { "helm.sh/resource-policy": "keep" };

interface Metadata {
  name: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
interface Manifest {
  kind: string;
  metadata: Metadata;
  [field: string]: unknown;
}
interface Rule {
  apiGroups?: string[];
  resources?: string[];
  verbs?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}
interface SecurityContext {
  runAsNonRoot?: boolean;
  readOnlyRootFilesystem?: boolean;
  allowPrivilegeEscalation?: boolean;
  privileged?: boolean;
  capabilities?: { drop?: string[]; add?: string[] };
  seccompProfile?: { type: string };
}
interface Container {
  name: string;
  securityContext?: SecurityContext;
}
interface PodSpec {
  securityContext?: SecurityContext;
  containers: Container[];
  initContainers?: Container[];
  hostNetwork?: boolean;
  hostPID?: boolean;
  hostIPC?: boolean;
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}
function helm(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(join(inject("binDir"), "helm"), args, { maxBuffer: 1 << 26 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === "number" ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

const setArgs = (set: string[]): string[] => set.flatMap((s) => ["--set", s]);

/** `helm template` output as text; fails the test with helm's message when it refuses. */
async function template(set: string[] = [], chart = CHART): Promise<string> {
  const r = await helm(["template", "aispm", chart, "-n", "aispm-system", ...setArgs(set)]);
  if (r.code !== 0) throw new Error(`helm template ${set.join(" ")} failed: ${r.stderr}`);
  return r.stdout;
}

const manifests = (text: string): Manifest[] =>
  parseAllDocuments(text)
    .map((d) => d.toJS() as Manifest | null)
    .filter((m): m is Manifest => m !== null);
const render = async (set: string[] = []): Promise<Manifest[]> => manifests(await template(set));
const crdFiles = async (): Promise<string[]> => (await readdir(join(ROOT, "crds"))).filter((f) => f.endsWith(".yaml"));
const crdCount = async (): Promise<number> => (await crdFiles()).length;
const crdsOf = (ms: Manifest[]): Manifest[] => ms.filter((m) => m.kind === "CustomResourceDefinition");

/** One document of `helm template` output by its template path, as text. */
function sourceText(output: string, templatePath: string): string {
  const doc = output.split(/^---$/m).find((d) => d.includes(`# Source: aispm/${templatePath}\n`));
  if (doc === undefined) throw new Error(`no rendered document from ${templatePath}`);
  return doc;
}
// The body below metadata is the generator's text verbatim: compare it byte for byte.
const specText = (text: string): string => text.slice(text.indexOf("\nspec:\n")).trimEnd();

async function chartLabels(): Promise<Record<string, string>> {
  const chart = parse(await readFile(join(CHART, "Chart.yaml"), "utf8")) as { name: string; appVersion: string };
  return {
    "app.kubernetes.io/name": chart.name,
    "app.kubernetes.io/instance": "aispm",
    "app.kubernetes.io/version": chart.appVersion,
    "app.kubernetes.io/managed-by": "Helm",
    "app.kubernetes.io/part-of": "aispm",
  };
}

/** What the chart must render for a crds/ file: the same object, plus the chart's labels and the keep policy. */
function expectedCrd(plain: Manifest, labels: Record<string, string>, keep: boolean): Manifest {
  const metadata: Metadata = { ...plain.metadata, labels: { ...labels, ...plain.metadata.labels } };
  if (keep) metadata.annotations = { ...plain.metadata.annotations, ...KEEP };
  return { ...plain, metadata };
}

describe("Helm chart rendering (real helm template / lint)", () => {
  it("renders with defaults and passes helm lint --strict, with and without CRDs", async () => {
    const kinds = (await render()).map((m) => m.kind).sort();
    expect(kinds).toEqual([
      "ClusterRole",
      "ClusterRoleBinding",
      ...Array<string>(await crdCount()).fill("CustomResourceDefinition"),
      "Deployment",
      "Role",
      "RoleBinding",
      "Service",
      "ServiceAccount",
    ]);
    for (const set of [[], ["crds.enabled=false"], ["crds.keep=false"]]) {
      const lint = await helm(["lint", "--strict", CHART, ...setArgs(set)]);
      expect(lint.code, `helm lint --strict ${set.join(" ")}: ${lint.stdout}${lint.stderr}`).toBe(0);
    }
  });

  it("renders exactly the CRDs of crds/*.yaml, byte-identical below metadata, with labels and the keep policy", async () => {
    const output = await template();
    const rendered = crdsOf(manifests(output));
    const files = await crdFiles();
    expect(rendered).toHaveLength(files.length);
    const labels = await chartLabels();
    for (const file of files) {
      const text = await readFile(join(ROOT, "crds", file), "utf8");
      const plain = parse(text) as Manifest;
      const crd = rendered.find((m) => m.metadata.name === plain.metadata.name);
      expect(crd, `${file} rendered`).toEqual(expectedCrd(plain, labels, true));
      expect(specText(sourceText(output, `templates/crds/${file}`)), `${file} spec text`).toBe(specText(text));
    }
  });

  it("crds.enabled=false renders no CRD; crds.keep=false drops only the keep annotation", async () => {
    const without = await render(["crds.enabled=false"]);
    expect(crdsOf(without)).toEqual([]);
    expect(without.some((m) => m.kind === "Deployment")).toBe(true);

    const unkept = crdsOf(await render(["crds.keep=false"]));
    expect(unkept).toHaveLength(await crdCount());
    for (const crd of unkept) expect(crd.metadata.annotations?.["helm.sh/resource-policy"]).toBeUndefined();
    for (const crd of crdsOf(await render())) expect(crd.metadata.annotations).toEqual(KEEP);
  });

  it("reproduces CRD text holding template delimiters exactly (generator escaping)", async () => {
    // Descriptions and CEL rules are free text: every way Go templates could read them must stay literal.
    const trap = [
      "# Generated by `npm run gen` from api/src — do not edit by hand.",
      "apiVersion: apiextensions.k8s.io/v1",
      "kind: CustomResourceDefinition",
      "metadata:",
      "  name: traps.aispm.dev",
      "  labels:",
      "    app.kubernetes.io/part-of: aispm",
      "spec:",
      "  group: aispm.dev",
      '  description: \'a {{ .Release.Name }} b {{- fail "x" -}} c {{{ d }}} e {{/* f */}} g {{"{{"}} h }} {{\'',
      "  rule: self.a == '{{' && self.b == '}}' && self.c.matches('^{{2,3}$')",
      "  block: |",
      '    {{ include "aispm.labels" . }}',
      "    {{- end }}",
      "",
    ].join("\n");
    const dir = await mkdtemp(join(tmpdir(), "aispm-chart-"));
    try {
      await cp(CHART, dir, { recursive: true });
      await writeFile(join(dir, "templates", "crds", "zz-traps.yaml"), chartTemplate(trap));
      const output = await template([], dir);
      const crd = crdsOf(manifests(output)).find((m) => m.metadata.name === "traps.aispm.dev");
      expect(crd).toEqual(expectedCrd(parse(trap) as Manifest, await chartLabels(), true));
      expect(specText(sourceText(output, "templates/crds/zz-traps.yaml"))).toBe(specText(trap));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("grants no wildcard and no secrets in any Role or ClusterRole, and binds only its own roles", async () => {
    const ms = await render();
    const roles = ms.filter((m) => m.kind === "Role" || m.kind === "ClusterRole");
    expect(roles.length).toBeGreaterThanOrEqual(2);
    for (const role of roles) {
      expect(role.aggregationRule, `${role.metadata.name} aggregates other roles`).toBeUndefined();
      const rules = role.rules as Rule[];
      expect(rules.length).toBeGreaterThan(0);
      for (const rule of rules) {
        const where = `${role.kind}/${role.metadata.name} ${JSON.stringify(rule)}`;
        const fields = [rule.apiGroups, rule.resources, rule.verbs, rule.resourceNames, rule.nonResourceURLs];
        for (const value of fields.flatMap((f) => f ?? [])) expect(value, where).not.toContain("*");
        expect(rule.nonResourceURLs, where).toBeUndefined();
        for (const resource of rule.resources ?? []) expect(resource.split("/")[0], where).not.toBe("secrets");
      }
    }
    const own = new Set(roles.map((r) => `${r.kind}/${r.metadata.name}`));
    for (const binding of ms.filter((m) => m.kind === "RoleBinding" || m.kind === "ClusterRoleBinding")) {
      const ref = binding.roleRef as { kind: string; name: string };
      expect(own.has(`${ref.kind}/${ref.name}`), `${binding.metadata.name} binds ${ref.kind}/${ref.name}`).toBe(true);
    }
  });

  it("runs every pod non-root with a read-only root filesystem and no capabilities", async () => {
    const workloads = (await render()).filter((m) => ["Deployment", "StatefulSet", "DaemonSet", "Job"].includes(m.kind));
    expect(workloads.length).toBeGreaterThan(0);
    for (const w of workloads) {
      const pod = (w.spec as { template: { spec: PodSpec } }).template.spec;
      expect(pod.securityContext?.runAsNonRoot, w.metadata.name).toBe(true);
      expect(pod.securityContext?.seccompProfile).toEqual({ type: "RuntimeDefault" });
      expect([pod.hostNetwork, pod.hostPID, pod.hostIPC]).toEqual([undefined, undefined, undefined]);
      for (const c of [...pod.containers, ...(pod.initContainers ?? [])]) {
        const sc = c.securityContext;
        expect(sc?.readOnlyRootFilesystem, c.name).toBe(true);
        expect(sc?.allowPrivilegeEscalation, c.name).toBe(false);
        expect(sc?.privileged, c.name).not.toBe(true);
        expect(sc?.runAsNonRoot, c.name).not.toBe(false);
        expect(sc?.capabilities?.drop, c.name).toContain("ALL");
        expect(sc?.capabilities?.add, c.name).toBeUndefined();
      }
    }
  });

  it.each([
    ["replicaCont=3", /additional properties 'replicaCont' not allowed/],
    ["operator.logLevel=loud", /\/operator\/logLevel'?: value must be one of/],
    ["replicaCount=0", /\/replicaCount'?: minimum/],
    ["healthPort=70000", /\/healthPort'?: maximum/],
    ["healthPort=http", /\/healthPort'?: got string, want integer/],
    ["image.pullPolicy=Sometimes", /\/image\/pullPolicy'?: value must be one of/],
    ["operator.workers=0", /\/operator\/workers'?: minimum/],
    ["crds.enabled=maybe", /\/crds\/enabled'?: got string, want boolean/],
    ["crds.enable=true", /additional properties 'enable' not allowed/],
    ["securityContext.readOnlyRootFilesytem=true", /additional properties 'readOnlyRootFilesytem' not allowed/],
    ["operator.leaderElection.leaseDurationSecs=5", /additional properties 'leaseDurationSecs' not allowed/],
  ])("refuses --set %s, naming the field (template and lint)", async (set, message) => {
    const t = await helm(["template", "aispm", CHART, "--set", set]);
    expect(t.code).not.toBe(0);
    expect(t.stderr).toMatch(message);
    const lint = await helm(["lint", "--strict", CHART, "--set", set]);
    expect(lint.code).not.toBe(0);
    expect(lint.stdout + lint.stderr).toMatch(message);
  });

  it("accepts valid non-default values and renders them", async () => {
    const ms = await render(["replicaCount=1", "operator.logLevel=debug", "healthPort=9090", "image.pullPolicy=Always"]);
    const dep = ms.find((m) => m.kind === "Deployment");
    const spec = dep?.spec as {
      replicas: number;
      template: { spec: { containers: { imagePullPolicy: string; ports: { containerPort: number }[] }[] } };
    };
    expect(spec.replicas).toBe(1);
    expect(spec.template.spec.containers[0]?.imagePullPolicy).toBe("Always");
    expect(spec.template.spec.containers[0]?.ports[0]?.containerPort).toBe(9090);
    const r = await helm(["template", "aispm", CHART, "--set-string", "image.tag=20240101"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("ghcr.io/aispm/operator:20240101");
  });
});
