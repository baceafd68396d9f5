import { z } from "zod";
import type { ICustomResourceDefinition } from "kubernetes-models/apiextensions.k8s.io/v1/CustomResourceDefinition";
import type { IJSONSchemaProps } from "kubernetes-models/apiextensions.k8s.io/v1/JSONSchemaProps";
import { GROUP, type KindDef, VERSION } from "./kinds.js";

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

// Keys zod emits that a structural CRD schema does not accept.
const DROPPED_KEYS = new Set(["$schema", "propertyNames", "id", "$id"]);

function isObject(v: Json | undefined): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Turns zod's OpenAPI 3.0 output into an apiextensions v1 structural schema node. */
export function toStructural(node: Json): Json {
  if (Array.isArray(node)) return node.map(toStructural);
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (DROPPED_KEYS.has(key)) continue;
    // properties and additionalProperties are mutually exclusive in structural schemas;
    // unknown fields are pruned by the API server anyway.
    if (key === "additionalProperties" && (value === false || "properties" in node)) continue;
    out[key] =
      key === "properties" && isObject(value)
        ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toStructural(v)]))
        : toStructural(value);
  }
  return out;
}

export function schemaOf(type: z.ZodType): IJSONSchemaProps {
  const raw = z.toJSONSchema(type, { target: "openapi-3.0", io: "input", unrepresentable: "throw" }) as Json;
  return toStructural(raw) as IJSONSchemaProps;
}

// Kubernetes' own wording for the type meta fields, as every generated CRD carries it.
const API_VERSION_DESCRIPTION =
  "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, " +
  "and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources";
const KIND_DESCRIPTION =
  "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. " +
  "Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds";

export function crdFor(def: KindDef): ICustomResourceDefinition {
  const spec = schemaOf(def.spec);
  const status = schemaOf(def.status);
  return {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: `${def.plural}.${GROUP}`, labels: { "app.kubernetes.io/part-of": "aispm" } },
    spec: {
      group: GROUP,
      scope: "Namespaced",
      names: {
        kind: def.kind,
        listKind: `${def.kind}List`,
        plural: def.plural,
        singular: def.singular,
        shortNames: def.shortNames,
        categories: ["aispm"],
      },
      versions: [
        {
          name: VERSION,
          served: true,
          storage: true,
          subresources: { status: {} },
          additionalPrinterColumns: def.columns,
          schema: {
            openAPIV3Schema: {
              type: "object",
              description: def.description,
              required: ["spec"],
              properties: {
                apiVersion: { type: "string", description: API_VERSION_DESCRIPTION },
                kind: { type: "string", description: KIND_DESCRIPTION },
                // The API server forbids anything but type here (it serves ObjectMeta's own docs instead).
                metadata: { type: "object" },
                spec,
                status,
              },
            },
          },
        },
      ],
    },
  };
}
