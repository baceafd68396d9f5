import { z } from "zod";

/** CEL rule attached to a schema node; rendered as `x-kubernetes-validations` in the CRD. */
export interface CelRule {
  rule: string;
  message: string;
  fieldPath?: string;
  reason?: "FieldValueInvalid" | "FieldValueForbidden" | "FieldValueRequired" | "FieldValueDuplicate";
}

export const cel = (...rules: CelRule[]) => ({ "x-kubernetes-validations": rules });

/** DNS-1123 subdomain, the shape of every object name we reference. */
export const objectName = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/);

export const shortText = z.string().max(256);
export const longText = z.string().max(4096);
export const url = z.string().min(1).max(2048).regex(/^(https?|grpcs?|wss?|postgres(ql)?|s3|gs|file|mcp):\/\/\S+$/);

export const secretKeyRef = z
  .object({
    name: objectName.describe("Secret in the asset's namespace"),
    key: z.string().min(1).max(253).describe("key inside the Secret"),
  })
  .describe("Reference to one key of a Secret; aispm never copies its value into status");

export const authRef = z
  .object({
    scheme: z.enum(["bearer", "apiKeyHeader", "basic", "mtls", "none"]).default("bearer"),
    header: z.string().max(128).optional().describe("header name for scheme apiKeyHeader"),
    secretRef: secretKeyRef.optional(),
  })
  .meta(cel({ rule: "self.scheme == 'none' || has(self.secretRef)", message: "secretRef is required unless scheme is none", fieldPath: ".secretRef", reason: "FieldValueRequired" }));

export const assetRef = z.object({
  name: objectName,
  namespace: objectName.optional().describe("defaults to the referrer's namespace"),
});

export const labelSelector = z
  .object({
    matchLabels: z.record(z.string().max(317), z.string().max(63)).optional(),
    matchExpressions: z
      .array(
        z.object({
          key: z.string().min(1).max(317),
          operator: z.enum(["In", "NotIn", "Exists", "DoesNotExist"]),
          values: z.array(z.string().max(63)).max(64).optional(),
        }),
      )
      .max(16)
      .optional(),
  })
  .describe("Kubernetes label selector");

export const severity = z.enum(["critical", "high", "medium", "low", "info"]);
export type Severity = z.infer<typeof severity>;

export const severityCounts = z.object({
  critical: z.number().int().min(0),
  high: z.number().int().min(0),
  medium: z.number().int().min(0),
  low: z.number().int().min(0),
  info: z.number().int().min(0),
});
export type SeverityCounts = z.infer<typeof severityCounts>;

/** Framework control ID such as `LLM01:2025`, `ASI02`, `AML.T0051`, `EU-AI-Act:Art.15`. */
export const controlId = z.string().min(1).max(64);

/** Shaped like metav1.Condition. */
export const condition = z.object({
  type: z.string().min(1).max(316),
  status: z.enum(["True", "False", "Unknown"]),
  observedGeneration: z.number().int().min(0).optional(),
  lastTransitionTime: z.string().max(64),
  reason: z.string().min(1).max(1024).regex(/^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$/),
  message: z.string().max(32768),
});
export type Condition = z.infer<typeof condition>;

export const conditions = z.array(condition).max(16).meta({
  "x-kubernetes-list-type": "map",
  "x-kubernetes-list-map-keys": ["type"],
});

export const dateTime = z.string().max(64).meta({ format: "date-time" });
