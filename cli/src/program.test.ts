import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CommanderError } from "commander";
import { afterEach, describe, expect, it } from "vitest";
import { parseKeysFile, verifyEnvelope } from "@aispm/api/bundle";
import type { CliIO } from "./io.js";
import { buildProgram } from "./program.js";

function capture(): CliIO & { stdout: string; stderr: string } {
  const io = {
    stdout: "",
    stderr: "",
    out: (t: string) => {
      io.stdout += t;
    },
    err: (t: string) => {
      io.stderr += t;
    },
  };
  return io;
}

async function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = capture();
  try {
    await buildProgram(io).parseAsync(args, { from: "user" });
    return { code: 0, stdout: io.stdout, stderr: io.stderr };
  } catch (err) {
    if (err instanceof CommanderError) return { code: err.exitCode, stdout: io.stdout, stderr: io.stderr };
    throw err;
  }
}

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "aispm-cli-"));
  dirs.push(dir);
  return dir;
}

describe("aispm CLI", () => {
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  });

  it.each([["gateway"], ["keygen"], ["sign"]])("answers `%s --help` with its options", async (cmd) => {
    const r = await runCli([cmd, "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Usage: aispm ${cmd}`);
    expect(r.stdout).not.toMatch(/unknown command/);
  });

  it("documents every gateway flag with its environment variable", async () => {
    const r = await runCli(["gateway", "--help"]);
    for (const flag of ["--listen", "--policy", "--keys", "--upstream", "--fail-open", "--clock-skew-ms"]) expect(r.stdout).toContain(flag);
    expect(r.stdout).toContain("AISPM_GW_POLICY");
  });

  it("lists the commands at the top level and refuses an unknown one", async () => {
    expect((await runCli(["--help"])).stdout).toMatch(/gateway[\s\S]*keygen[\s\S]*sign/);
    const bad = await runCli(["frobnicate"]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain("unknown command 'frobnicate'");
  });

  it("names a missing or invalid option", async () => {
    expect((await runCli(["keygen"])).stderr).toContain("required option '--id <keyId>'");
    const r = await runCli(["sign", "--key", "k", "--key-id", "a", "--policy", "p", "--version", "0"]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("--version must be a positive integer");
  });

  it("keygen + sign produce a bundle that the shared verifier accepts", async () => {
    const dir = await tempDir();
    const keys = join(dir, "keys.json");
    const secret = join(dir, "k.secret");
    expect((await runCli(["keygen", "--id", "k1", "--keys", keys, "--secret-out", secret])).code).toBe(0);
    await writeFile(join(dir, "policy.yaml"), "apiVersion: aispm.dev/v1alpha1\nkind: GatewayPolicy\nspec:\n  failMode: closed\n");
    const r = await runCli(["sign", "--key", secret, "--key-id", "k1", "--policy", join(dir, "policy.yaml"), "--version", "7"]);
    expect(r.code).toBe(0);
    const trust = parseKeysFile(await readFile(keys, "utf8"));
    const v = verifyEnvelope(r.stdout, { trust, nowMs: Date.now(), skewMs: 0 });
    expect(v.payload.version).toBe(7);
    expect(v.payload.policy).toEqual({ failMode: "closed" });
  });

  it("refuses to overwrite a keys file it cannot read as one", async () => {
    const dir = await tempDir();
    const keys = join(dir, "keys.json");
    await writeFile(keys, '{"not":"a keys file"}');
    await expect(runCli(["keygen", "--id", "k2", "--keys", keys])).rejects.toThrow();
    expect(await readFile(keys, "utf8")).toBe('{"not":"a keys file"}');
  });
});
