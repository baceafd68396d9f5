import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KubeConfig } from "@kubernetes/client-node";
import { credentialFromOptions, kubeconfigReader } from "./credential-sources.js";

let dir = "";

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "aispm-exec-"));
  // An exec credential plugin that counts its runs and hands out a token valid for an hour.
  await writeFile(
    join(dir, "plugin.mjs"),
    `import { readFileSync, writeFileSync } from "node:fs";
const f = ${JSON.stringify(join(dir, "runs"))};
let n = 0; try { n = Number(readFileSync(f, "utf8")); } catch {}
writeFileSync(f, String(++n));
process.stdout.write(JSON.stringify({ apiVersion: "client.authentication.k8s.io/v1", kind: "ExecCredential",
  status: { token: "exec-" + n, expirationTimestamp: new Date(Date.now() + 3600e3).toISOString() } }));
`,
  );
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("kubeconfigReader", () => {
  it("serves a cached exec token on periodic reads and runs the plugin again only when forced", async () => {
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: "c", server: "https://127.0.0.1:6443", skipTLSVerify: false }],
      users: [
        { name: "u", exec: { apiVersion: "client.authentication.k8s.io/v1", command: process.execPath, args: [join(dir, "plugin.mjs")] } },
      ],
      contexts: [{ name: "c", cluster: "c", user: "u" }],
      currentContext: "c",
    });
    const read = kubeconfigReader(kc);
    expect((await read(false)).headers.Authorization).toBe("Bearer exec-1");
    expect((await read(false)).headers.Authorization).toBe("Bearer exec-1");
    expect((await read(true)).headers.Authorization).toBe("Bearer exec-2");
    expect((await read(false)).headers.Authorization).toBe("Bearer exec-2");
    expect(await readFile(join(dir, "runs"), "utf8")).toBe("2");
  });

  it("turns basic auth into an Authorization header, as applyToFetchOptions does", () => {
    expect(credentialFromOptions({ auth: "u:p", headers: { "Impersonate-User": "x" } }).headers).toEqual({
      "Impersonate-User": "x",
      Authorization: `Basic ${Buffer.from("u:p").toString("base64")}`,
    });
  });
});
