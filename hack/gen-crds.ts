// Regenerates crds/*.yaml from the zod schemas in operator/src/api (the single source of truth).
// `--check` exits 1 when the files on disk differ, for CI.
import { readFile, writeFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { renderCrds } from "../operator/src/api/render.js";

const dir = join(import.meta.dirname, "..", "crds");
const check = process.argv.includes("--check");
await mkdir(dir, { recursive: true });
let drift = 0;
for (const { file, yaml } of renderCrds()) {
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
