// Regenerates crds/*.yaml from the zod schemas in api/src (the single source of truth).
// `--check` exits 1 when the files on disk differ, for CI.
import { readFile, writeFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { renderCrds } from "@aispm/api/crd";

// The chart carries the same files so `helm install` installs the CRDs too.
const root = join(import.meta.dirname, "..");
const dirs = [join(root, "crds"), join(root, "charts", "aispm", "crds")];
const check = process.argv.includes("--check");
let drift = 0;
for (const dir of dirs) await mkdir(dir, { recursive: true });
for (const { file, yaml } of renderCrds()) for (const dir of dirs) {
  const path = join(dir, file);
  const current = await readFile(path, "utf8").catch(() => "");
  if (current === yaml) continue;
  if (check) {
    console.error(`drift: ${path} is out of date; run npm run gen`);
    drift++;
  } else {
    await writeFile(path, yaml);
    console.log(`wrote ${path}`);
  }
}
process.exit(drift > 0 ? 1 : 0);
