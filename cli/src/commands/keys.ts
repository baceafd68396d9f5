import { readFileSync, writeFileSync } from "node:fs";
import { generateKeyPair, keysFileSchema, signBundle, decodeSecretKey, type KeysFile } from "@aispm/api/bundle";
import { parse as parseYaml } from "yaml";
import type { CliIO } from "../io.js";

export interface KeygenOptions {
  id: string;
  keys?: string;
  secretOut?: string;
}

function readKeysFile(path: string): KeysFile {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return { keys: [], revoked: [] };
  }
  // An existing file must be a valid keys file: never overwrite what we cannot read.
  return keysFileSchema.parse(JSON.parse(text));
}

/** Generates an Ed25519 key pair; adds the public half to a keys file if given. */
export function keygen(opts: KeygenOptions, io: CliIO): void {
  const kp = generateKeyPair();
  if (opts.keys !== undefined) {
    const file = readKeysFile(opts.keys);
    file.keys = [...file.keys.filter((k) => k.id !== opts.id), { id: opts.id, publicKey: kp.publicKey }];
    writeFileSync(opts.keys, `${JSON.stringify(file, null, 2)}\n`);
  }
  if (opts.secretOut !== undefined) {
    writeFileSync(opts.secretOut, `${kp.secretKey}\n`, { mode: 0o600 });
    io.out(`${JSON.stringify({ id: opts.id, publicKey: kp.publicKey })}\n`);
  } else {
    io.out(`${JSON.stringify({ id: opts.id, publicKey: kp.publicKey, secretKey: kp.secretKey })}\n`);
  }
}

export interface SignOptions {
  key: string;
  keyId: string;
  policy: string;
  version: number;
  ttlHours: number;
  notBefore?: string;
  out?: string;
}

/** Signs a GatewayPolicy spec (YAML or JSON; a full GatewayPolicy object's .spec is taken) into a bundle. */
export function sign(opts: SignOptions, io: CliIO): void {
  const doc: unknown = parseYaml(readFileSync(opts.policy, "utf8"));
  const spec = typeof doc === "object" && doc !== null && "spec" in doc ? doc.spec : doc;
  const issuedAt = opts.notBefore === undefined ? new Date() : new Date(opts.notBefore);
  const expiresAt = new Date(issuedAt.getTime() + opts.ttlHours * 3_600_000);
  const bundle = signBundle(
    {
      version: opts.version,
      issuedAt: issuedAt.toISOString(),
      expiresAt: expiresAt.toISOString(),
      keyId: opts.keyId,
      policy: spec as Record<string, unknown>,
    },
    decodeSecretKey(readFileSync(opts.key, "utf8")),
  );
  const text = `${JSON.stringify(bundle, null, 2)}\n`;
  if (opts.out === undefined) io.out(text);
  else writeFileSync(opts.out, text);
}
