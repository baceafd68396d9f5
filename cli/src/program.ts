import { Command, InvalidArgumentError } from "commander";
import { GATEWAY_FLAG_HELP, exitOnSignals, loadConfig, startGateway } from "@aispm/gateway-sidecar";
import type { CliIO } from "./io.js";
import { keygen, sign } from "./commands/keys.js";

function positiveInt(what: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${what} must be a positive integer`);
    return n;
  };
}

function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError("must be a positive number of hours");
  return n;
}

function gatewayHelp(): string {
  const rows = GATEWAY_FLAG_HELP.map((h) => [`  --${h.flag}${h.arg ? ` <${h.arg}>` : ""}`, `${h.text} [env ${h.env}]`] as const);
  const width = Math.max(...rows.map(([f]) => f.length)) + 2;
  return `\nGateway options (flags win over environment variables):\n${rows.map(([f, t]) => f.padEnd(width) + t).join("\n")}\n`;
}

/** The `aispm` command tree. Commands write through `io`; errors surface as exceptions to main. */
export function buildProgram(io: CliIO): Command {
  const program = new Command("aispm")
    .description("aispm — AI Security Posture Management: run the gateway sidecar, manage signing keys, sign policy bundles")
    .configureOutput({
      writeOut: (s) => {
        io.out(s);
      },
      writeErr: (s) => {
        io.err(s);
      },
    })
    .showHelpAfterError()
    .exitOverride();

  program
    .command("gateway")
    .description("run the gateway sidecar (OpenAI/Anthropic-compatible proxy enforcing a signed policy)")
    .helpOption("-h, --help", "show the gateway's options")
    .allowUnknownOption()
    .allowExcessArguments()
    .addHelpText("after", gatewayHelp())
    // The sidecar's own config module parses (and strictly validates) its flags and environment.
    .action(async (_opts: unknown, cmd: Command) => {
      const gw = await startGateway(loadConfig(cmd.args));
      exitOnSignals(gw);
    });

  program
    .command("keygen")
    .description("generate an Ed25519 policy signing key pair")
    .requiredOption("--id <keyId>", "key id bundles will name")
    .option("--keys <file>", "add the public key to this keys file (created if missing)")
    .option("--secret-out <file>", "write the secret key here (mode 0600) instead of printing it")
    .action((opts: { id: string; keys?: string; secretOut?: string }) => {
      keygen(opts, io);
    });

  program
    .command("sign")
    .description("sign a GatewayPolicy (YAML/JSON spec or whole object) into a policy bundle")
    .requiredOption("--key <file>", "secret key file (from keygen)")
    .requiredOption("--key-id <id>", "id of that key in the sidecars' keys file")
    .requiredOption("--policy <file>", "GatewayPolicy YAML/JSON")
    .requiredOption("--version <n>", "bundle version; sidecars never accept a lower one", positiveInt("--version"))
    .option("--ttl-hours <h>", "validity from issue time", positiveNumber, 24)
    .option("--not-before <iso>", "issue time (default now)")
    .option("--out <file>", "write the bundle here instead of stdout")
    .action((opts: { key: string; keyId: string; policy: string; version: number; ttlHours: number; notBefore?: string; out?: string }) => {
      sign(opts, io);
    });

  return program;
}
