import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { renderCrds } from "./render.js";

// `kubectl explain` prints `<no description>` for any field whose schema lacks one. This walks the
// CRDs exactly as `npm run gen` writes them (crd.test.ts ties those to the files on disk) so a new
// field without `.describe()` fails here, naming its path.

interface SchemaNode {
  description?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  additionalProperties?: SchemaNode | boolean;
}

const isObjectSchema = (node: SchemaNode): boolean => node.properties !== undefined;

/** JSON paths (`.spec.relations[].target.name`) of fields, and object array items, lacking a description. */
function undescribed(node: SchemaNode, path = ""): string[] {
  const missing: string[] = [];
  for (const [name, child] of Object.entries(node.properties ?? {})) {
    const childPath = `${path}.${name}`;
    // The API server forbids anything but `type` on the root metadata; explain serves ObjectMeta's docs.
    if (path === "" && name === "metadata") continue;
    if (!child.description?.trim()) missing.push(childPath);
    missing.push(...undescribed(child, childPath));
  }
  const { items, additionalProperties } = node;
  if (items) {
    if (isObjectSchema(items) && !items.description?.trim()) missing.push(`${path}[]`);
    missing.push(...undescribed(items, `${path}[]`));
  }
  if (typeof additionalProperties === "object") missing.push(...undescribed(additionalProperties, `${path}{}`));
  return missing;
}

interface Crd {
  spec: { names: { plural: string }; versions: { name: string; schema: { openAPIV3Schema: SchemaNode } }[] };
}

describe("every CRD field has a description (what kubectl explain shows)", () => {
  const crds = renderCrds().map(({ yaml }) => parse(yaml) as Crd);

  it("covers all five kinds", () => {
    expect(crds.map((c) => c.spec.names.plural).sort()).toEqual([
      "aiassets",
      "findingreviews",
      "gatewaypolicies",
      "scanreports",
      "scanschedules",
    ]);
  });

  for (const crd of crds) {
    for (const version of crd.spec.versions) {
      it(`${crd.spec.names.plural} ${version.name}`, () => {
        const root = version.schema.openAPIV3Schema;
        expect(root.description?.trim(), "the kind itself").toBeTruthy();
        expect(undescribed(root), "fields without a description").toEqual([]);
      });
    }
  }

  it("names the path of every undescribed field, nested objects and object array items included", () => {
    const schema: SchemaNode = {
      properties: {
        metadata: {},
        spec: {
          description: "spec",
          properties: {
            ok: { description: "fine" },
            blank: { description: "  " },
            list: { description: "list", items: { properties: { leaf: {} } } },
            scalars: { description: "list of strings", items: {} },
            map: { description: "map", additionalProperties: { properties: { v: {} } } },
          },
        },
      },
    };
    expect(undescribed(schema)).toEqual([".spec.blank", ".spec.list[]", ".spec.list[].leaf", ".spec.map{}.v"]);
  });
});
