// Entry point of the `aispm` command. Wiring only: build the command tree, run it, map errors to exit codes.
import { CommanderError } from "commander";
import { BundleError } from "@aispm/api/bundle";
import { isGatewayError } from "@aispm/gateway-sidecar";
import { processIO } from "./io.js";
import { buildProgram } from "./program.js";

/** Exit codes: 0 ok, 1 the command failed, 2 usage error (as commander and most CLIs use). */
export async function run(argv: string[]): Promise<number> {
  try {
    await buildProgram(processIO).parseAsync(argv, { from: "user" });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    const code = isGatewayError(err) || err instanceof BundleError ? err.code : "GW_ERR_INTERNAL";
    processIO.err(`${code}: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

const code = await run(process.argv.slice(2));
// The gateway keeps the process alive on its own; every other command ends here.
if (code !== 0) process.exit(code);
