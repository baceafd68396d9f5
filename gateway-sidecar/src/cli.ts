import { readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { parse as parseYaml } from "yaml";
import { loadConfig } from "./config.js";
import { GatewayError, isGatewayError } from "./errors.js";
import { exitOnSignals, startGateway } from "./main.js";
import { decodeSecretKey, generateKeyPair, signBundle } from "@aispm/api/bundle";

const USAGE = `usage:
  cli.ts gateway [--listen host:port] [--policy bundle.json] [--keys keys.json] [--state state.json]
                 [--upstream name=url]... [--fail-open] [--service-account id] [--log-level info]
  cli.ts keygen --id <keyId> [--keys keys.json] [--secret-out key.secret]
  cli.ts sign --key <secret file> --key-id <id> --policy <policy.yaml|json> --version <n>
              [--ttl-hours 24] [--not-before <iso>] [--out bundle.json]`;

function out(text: string): void {
  process.stdout.write(`${text}\n`);
}

/** Generates an Ed25519 key pair; adds the public half to a keys file if given. */
function keygen(args: string[]): void {
  const { values } = parseArgs({ args, options: { id: { type: "string" }, keys: { type: "string" }, "secret-out": { type: "string" } } });
  if (values.id === undefined) throw new GatewayError("GW_ERR_CLI_USAGE", "keygen needs --id");
  const kp = generateKeyPair();
  if (values.keys !== undefined) {
    let file: { keys: { id: string; publicKey: string }[]; revoked: string[] } = { keys: [], revoked: [] };
    try {
      file = JSON.parse(readFileSync(values.keys, "utf8")) as typeof file;
    } catch {
      // new keys file
    }
    file.keys = [...file.keys.filter((k) => k.id !== values.id), { id: values.id, publicKey: kp.publicKey }];
    writeFileSync(values.keys, `${JSON.stringify(file, null, 2)}\n`);
  }
  if (values["secret-out"] !== undefined) {
    writeFileSync(values["secret-out"], `${kp.secretKey}\n`, { mode: 0o600 });
    out(JSON.stringify({ id: values.id, publicKey: kp.publicKey }));
  } else {
    out(JSON.stringify({ id: values.id, publicKey: kp.publicKey, secretKey: kp.secretKey }));
  }
}

/** Signs a GatewayPolicy spec (YAML or JSON; a full GatewayPolicy object's .spec is taken) into a bundle. */
function sign(args: string[]): void {
  const { values } = parseArgs({
    args,
    options: {
      key: { type: "string" },
      "key-id": { type: "string" },
      policy: { type: "string" },
      version: { type: "string" },
      "ttl-hours": { type: "string", default: "24" },
      "not-before": { type: "string" },
      out: { type: "string" },
    },
  });
  const { key, policy } = values;
  const keyId = values["key-id"];
  const version = Number(values.version);
  if (key === undefined || keyId === undefined || policy === undefined || !Number.isInteger(version) || version < 1) {
    throw new GatewayError("GW_ERR_CLI_USAGE", "sign needs --key, --key-id, --policy and a positive integer --version");
  }
  const doc: unknown = parseYaml(readFileSync(policy, "utf8"));
  const spec = typeof doc === "object" && doc !== null && "spec" in doc ? doc.spec : doc;
  const issuedAt = values["not-before"] === undefined ? new Date() : new Date(values["not-before"]);
  const expiresAt = new Date(issuedAt.getTime() + Number(values["ttl-hours"]) * 3_600_000);
  const bundle = signBundle(
    { version, issuedAt: issuedAt.toISOString(), expiresAt: expiresAt.toISOString(), keyId, policy: spec as Record<string, unknown> },
    decodeSecretKey(readFileSync(key, "utf8")),
  );
  const text = `${JSON.stringify(bundle, null, 2)}\n`;
  if (values.out === undefined) process.stdout.write(text);
  else writeFileSync(values.out, text);
}

async function gateway(args: string[]): Promise<void> {
  const gw = await startGateway(loadConfig(args));
  exitOnSignals(gw);
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case "gateway":
      await gateway(rest);
      return;
    case "keygen":
      keygen(rest);
      return;
    case "sign":
      sign(rest);
      return;
    default:
      throw new GatewayError("GW_ERR_CLI_USAGE", command === undefined ? "missing command" : `unknown command ${command}`);
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  const code = isGatewayError(err) ? err.code : "GW_ERR_INTERNAL";
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`${code}: ${message}\n`);
  if (code === "GW_ERR_CLI_USAGE") process.stderr.write(`${USAGE}\n`);
  process.exit(code === "GW_ERR_CLI_USAGE" ? 2 : 1);
});
