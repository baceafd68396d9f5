import { readFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { KINDS, type KindName } from "./kinds.js";
import { renderCrds } from "./render.js";
import { ASSET_TYPES } from "./asset-types.js";

const root = join(import.meta.dirname, "..", "..");

describe("generated CRDs", () => {
  // The chart renders these as templates (charts/aispm/templates/crds/); `npm run gen -- --check`
  // and test/helm-render.test.ts hold those to crds/, so comparing crds/ here covers both.
  it("match crds/ on disk (run `npm run gen` after changing a schema)", async () => {
    for (const { file, yaml } of renderCrds()) {
      expect(await readFile(join(root, "crds", file), "utf8"), `crds/${file} drifted from the zod schemas`).toBe(yaml);
    }
  });

  it("give every kind a status subresource, short names, the aispm category and printer columns", () => {
    for (const { yaml } of renderCrds()) {
      const crd = parseAllDocuments(yaml)[0]?.toJS() as {
        spec: {
          names: { categories: string[]; shortNames: string[] };
          versions: { subresources: unknown; additionalPrinterColumns: unknown[] }[];
        };
      };
      expect(crd.spec.names.categories).toEqual(["aispm"]);
      expect(crd.spec.names.shortNames.length).toBeGreaterThan(0);
      expect(crd.spec.versions[0]?.subresources).toEqual({ status: {} });
      expect(crd.spec.versions[0]?.additionalPrinterColumns.length).toBeGreaterThan(3);
    }
  });

  it("carry one CEL rule per asset type tying the typed block to spec.type", () => {
    const aiasset = renderCrds().find((c) => c.file.includes("aiassets"))?.yaml ?? "";
    for (const [type, block] of Object.entries(ASSET_TYPES)) {
      expect(aiasset).toContain(`has(self.${block}) == (self.type == '${type}')`);
    }
  });

  it("never emit keywords a structural schema rejects", () => {
    for (const { yaml } of renderCrds()) {
      expect(yaml).not.toMatch(/\$schema|additionalProperties: false|propertyNames|anyOf|oneOf|allOf/);
    }
  });
});

describe("zod schemas accept every sample", () => {
  it("parses config/samples with the kind's spec schema", async () => {
    const dir = join(root, "config", "samples");
    const files = (await readdir(dir)).filter((f) => f.endsWith(".yaml"));
    expect(files.length).toBeGreaterThanOrEqual(16);
    for (const f of files) {
      for (const doc of parseAllDocuments(await readFile(join(dir, f), "utf8"))) {
        const obj = doc.toJS() as { kind: KindName; spec: unknown };
        const result = KINDS[obj.kind].spec.safeParse(obj.spec);
        expect(result.success, `${f}: ${JSON.stringify(result.error?.issues)}`).toBe(true);
      }
    }
  });
});
