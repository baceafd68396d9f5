import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { OP_ERR, OperatorError } from "../errors.js";
import { KubeClient } from "./client.js";

// A real TLS server and a real kubeconfig with a relative `tokenFile`: exercises loading, the
// per-request header and the 401 path end to end, with only the clock faked.

interface Seen {
  method: string;
  path: string;
  token: string;
  body: string;
}

let dir = "";
let server: Server;
let kubeconfigPath = "";
const valid = new Set<string>();
const seen: Seen[] = [];
let t = 0;

async function selfSignedCert(): Promise<{ cert: string; key: string }> {
  await promisify(execFile)("openssl", [
    "req",
    "-x509",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:prime256v1",
    "-nodes",
    "-days",
    "1",
    "-subj",
    "/CN=127.0.0.1",
    "-addext",
    "subjectAltName=IP:127.0.0.1",
    "-keyout",
    join(dir, "tls.key"),
    "-out",
    join(dir, "tls.crt"),
  ]);
  return { cert: await readFile(join(dir, "tls.crt"), "utf8"), key: await readFile(join(dir, "tls.key"), "utf8") };
}

const writeToken = (token: string): Promise<void> => writeFile(join(dir, "token"), `${token}\n`);

async function client(): Promise<KubeClient> {
  return KubeClient.fromKubeconfig(kubeconfigPath, { timing: { intervalMs: 60_000, minForcedGapMs: 1_000, now: () => t } });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "aispm-client-"));
  const tls = await selfSignedCert();
  server = createServer(tls, (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const token = (req.headers.authorization ?? "").replace(/^Bearer /, "");
      const body = Buffer.concat(chunks).toString();
      seen.push({ method: req.method ?? "", path: req.url ?? "", token, body });
      if (!valid.has(token)) {
        res
          .writeHead(401, { "content-type": "application/json" })
          .end(JSON.stringify({ kind: "Status", code: 401, message: "Unauthorized" }));
        return;
      }
      res.writeHead(200, { "content-type": "application/json" });
      if (req.url?.includes("watch=true")) res.end(`${JSON.stringify({ type: "ADDED", object: { token } })}\n`);
      else res.end(JSON.stringify({ body }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  kubeconfigPath = join(dir, "kubeconfig");
  await writeFile(
    kubeconfigPath,
    `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "https://127.0.0.1:${port}", certificate-authority-data: "${Buffer.from(tls.cert).toString("base64")}"}}]
users: [{name: u, user: {tokenFile: token}}]
contexts: [{name: c, context: {cluster: c, user: u}}]
current-context: c
`,
  );
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
  await rm(dir, { recursive: true, force: true });
});

beforeEach(async () => {
  valid.clear();
  seen.length = 0;
  t = 0;
  await writeToken("token-a");
  valid.add("token-a");
});

const tokens = (): string[] => seen.map((s) => s.token);

describe("KubeClient credentials", () => {
  it("sends the kubeconfig tokenFile's token (path relative to the kubeconfig)", async () => {
    const c = await client();
    await c.request("GET", "/api/v1/namespaces");
    expect(tokens()).toEqual(["token-a"]);
  });

  it("on 401 re-reads the token file once and retries the request once, body intact", async () => {
    const c = await client();
    await c.request("GET", "/api/v1/namespaces");
    await writeToken("token-b");
    valid.clear();
    valid.add("token-b");
    const res = await c.request<{ body: string }>("POST", "/api/v1/namespaces", { body: { metadata: { name: "x" } } });
    expect(res.body).toBe(JSON.stringify({ metadata: { name: "x" } }));
    expect(tokens()).toEqual(["token-a", "token-a", "token-b"]);
    expect(seen[1]?.body).toBe(seen[2]?.body);
    // Later requests go straight out with the new token.
    await c.request("GET", "/api/v1/namespaces");
    expect(tokens().slice(3)).toEqual(["token-b"]);
  });

  it("does not retry when the re-read finds the same token: the 401 surfaces as OP_ERR_API", async () => {
    const c = await client();
    valid.clear();
    const err = await c.request("GET", "/api/v1/pods").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OperatorError);
    expect(err).toMatchObject({ code: OP_ERR.API, status: 401 });
    expect(tokens()).toEqual(["token-a"]);
  });

  it("retries once, not in a loop, when the new token is rejected too", async () => {
    const c = await client();
    await writeToken("token-b");
    valid.clear();
    await expect(c.request("GET", "/api/v1/pods")).rejects.toMatchObject({ code: OP_ERR.API, status: 401 });
    expect(tokens()).toEqual(["token-a", "token-b"]);
  });

  it("fails with OP_ERR_CREDENTIALS when the token file cannot be re-read after a 401", async () => {
    const c = await client();
    await rm(join(dir, "token"));
    valid.clear();
    await expect(c.request("GET", "/api/v1/pods")).rejects.toMatchObject({ code: OP_ERR.CREDENTIALS, status: 401 });
    expect(tokens()).toEqual(["token-a"]);
  });

  it("a watch reconnect presents the rotated token without a 401 first", async () => {
    const c = await client();
    const watch = async (): Promise<unknown[]> => {
      const events: unknown[] = [];
      for await (const ev of c.stream("/api/v1/pods", { query: { watch: true } })) events.push(ev);
      return events;
    };
    expect(await watch()).toEqual([{ type: "ADDED", object: { token: "token-a" } }]);
    await writeToken("token-b");
    valid.add("token-b");
    t += 60_000;
    expect(await watch()).toEqual([{ type: "ADDED", object: { token: "token-b" } }]);
    expect(tokens()).toEqual(["token-a", "token-b"]);
  });

  it("a watch opened with a revoked token re-reads and reconnects with the new one", async () => {
    const c = await client();
    await writeToken("token-b");
    valid.clear();
    valid.add("token-b");
    const events: unknown[] = [];
    for await (const ev of c.stream("/api/v1/pods", { query: { watch: true } })) events.push(ev);
    expect(events).toEqual([{ type: "ADDED", object: { token: "token-b" } }]);
    expect(tokens()).toEqual(["token-a", "token-b"]);
  });

  it("fails to start with OP_ERR_KUBECONFIG when the token file is missing", async () => {
    await rm(join(dir, "token"));
    await expect(client()).rejects.toMatchObject({ code: OP_ERR.KUBECONFIG });
  });
});
