import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { compileFilter } from "../filter/index.js";
import { keyedHashHex, sha256Hex } from "../filter/hash.js";
import type { AuditFinding } from "../enforce/inspect.js";
import { AuditLog } from "./audit.js";
import { auditKeyPathFor, loadOrCreateAuditKey } from "./audit-key.js";
import { GatewayMetrics } from "./metrics.js";

const SSN = "536-22-8841";
const plain = (s: string) => createHash("sha256").update(s).digest("hex");

function auditLines(hashKey: Uint8Array | undefined, finding: AuditFinding): Record<string, unknown>[] {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(chunk.toString("utf8"));
      cb();
    },
  });
  const log = new AuditLog(pino({}, sink), new GatewayMetrics({ defaultMetrics: false }), hashKey === undefined ? {} : { hashKey });
  log.decision({
    requestId: "r",
    route: "/v1/chat/completions",
    provider: "openai",
    agent: "a",
    stage: "request",
    decision: "redact",
    findings: [finding],
  });
  return lines.map((l) => JSON.parse(l) as Record<string, unknown>);
}

function ssnFinding(): AuditFinding {
  const filter = compileFilter({ podSelector: {}, failMode: "closed" });
  const hit = filter.scan(`my ssn is ${SSN} ok`).findings.find((f) => f.detectorId === "us-ssn");
  if (hit === undefined) throw new Error("the SSN detector did not fire");
  return {
    detectorId: hit.detectorId,
    set: hit.set,
    action: hit.action,
    sha256: hit.sha256,
    start: hit.start,
    end: hit.end,
    view: hit.view,
    slot: 0,
    role: "user",
  };
}

function loggedHmac(key: Uint8Array | undefined): string {
  const [line] = auditLines(key, ssnFinding());
  const findings = (line?.findings ?? []) as Record<string, unknown>[];
  const f = findings[0] ?? {};
  expect(f).not.toHaveProperty("sha256");
  const h = f.hmac;
  if (typeof h !== "string") throw new Error("no hmac logged");
  return h;
}

describe("audit finding hashes", () => {
  const k1 = Buffer.alloc(32, 1);
  const k2 = Buffer.alloc(32, 2);

  it("log an HMAC of a 9-digit SSN, not its plain SHA-256", () => {
    const h = loggedHmac(k1);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(h).not.toBe(plain(SSN));
    expect(h).not.toBe(plain(SSN.replace(/-/g, "")));
    expect(h).toBe(keyedHashHex(k1, sha256Hex(SSN)));
  });

  it("are stable for one key and differ across keys", () => {
    expect(loggedHmac(k1)).toBe(loggedHmac(k1));
    expect(loggedHmac(k1)).not.toBe(loggedHmac(k2));
  });

  it("use a random per-process key when none is given", () => {
    const a = loggedHmac(undefined);
    const b = loggedHmac(undefined);
    expect(a).not.toBe(b);
    expect(a).not.toBe(plain(SSN));
  });

  it("keep a per-install key next to the state file, created once with mode 0600", () => {
    const dir = mkdtempSync(join(tmpdir(), "gw-audit-key-"));
    const path = auditKeyPathFor(join(dir, "state.json"));
    const first = loadOrCreateAuditKey(path);
    expect(first.length).toBe(32);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(loadOrCreateAuditKey(path).equals(first)).toBe(true);
    expect(readFileSync(path, "utf8").trim()).toBe(first.toString("hex"));
  });
});
