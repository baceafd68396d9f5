import { z } from "zod";

// Descriptions are what `kubectl explain` shows. Building blocks carry a generic one; a use site
// that means something more specific overrides it with `.describe()` (a clone, so the shared
// schema keeps its own). api/src/descriptions.test.ts fails on any field left without one.

/** CEL rule attached to a schema node; rendered as `x-kubernetes-validations` in the CRD. */
export interface CelRule {
  rule: string;
  message: string;
  /** CEL string expression used instead of message when it evaluates, e.g. to quote the value. */
  messageExpression?: string;
  fieldPath?: string;
  reason?: "FieldValueInvalid" | "FieldValueForbidden" | "FieldValueRequired" | "FieldValueDuplicate";
}

export const cel = (...rules: CelRule[]) => ({ "x-kubernetes-validations": rules });

/** DNS-1123 subdomain, the shape of every object name we reference. */
export const objectName = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/)
  .describe("Name of a Kubernetes object: a DNS-1123 subdomain (lower-case letters, digits, '-' and '.'), at most 253 characters.");

export const shortText = z.string().max(256).describe("Free text, at most 256 characters.");
export const longText = z.string().max(4096).describe("Free text, at most 4096 characters.");

/** Appended to URL field descriptions: the pattern is not visible in `kubectl explain`. */
export const URL_RULE = "Scheme http, https, grpc, grpcs, ws, wss, postgres, postgresql, s3, gs, file or mcp; at most 2048 characters.";
export const url = z
  .string()
  .min(1)
  .max(2048)
  .regex(/^(https?|grpcs?|wss?|postgres(ql)?|s3|gs|file|mcp):\/\/\S+$/)
  .describe(`URL. ${URL_RULE}`);

export const secretKeyRef = z
  .object({
    name: objectName.describe("Name of the Secret, in the same namespace as the object that refers to it."),
    key: z.string().min(1).max(253).describe("Key in the Secret's data whose value is used."),
  })
  .describe(
    "Reference to one key of a Secret in this object's namespace. aispm reads the value when it needs it and never copies it into status.",
  );

export const authRef = z
  .object({
    scheme: z
      .enum(["bearer", "apiKeyHeader", "basic", "mtls", "none"])
      .default("bearer")
      .describe(
        "How credentials are presented: bearer sends `Authorization: Bearer <secret>`; apiKeyHeader sends the secret in the header named by `header`; " +
          "basic uses the secret as the HTTP basic-auth credential; mtls presents a client certificate from the secret; none sends no credentials. Defaults to bearer.",
      ),
    header: z
      .string()
      .max(128)
      .optional()
      .describe("Header that carries the secret when scheme is apiKeyHeader, e.g. `x-api-key`. Ignored by other schemes."),
    secretRef: secretKeyRef.optional().describe("Secret key holding the credential. Required unless scheme is none."),
  })
  .meta(
    cel({
      rule: "self.scheme == 'none' || has(self.secretRef)",
      message: "secretRef is required unless scheme is none",
      fieldPath: ".secretRef",
      reason: "FieldValueRequired",
    }),
  )
  .describe("Credentials aispm uses when it connects to the asset, e.g. to scan it.");

export const assetRef = z
  .object({
    name: objectName.describe("Name of the target AIAsset."),
    namespace: objectName
      .optional()
      .describe("Namespace of the target AIAsset. Defaults to the namespace of the object that refers to it."),
  })
  .describe("Reference to another AIAsset by name.");

export const labelSelector = z
  .object({
    matchLabels: z
      .record(z.string().max(317), z.string().max(63))
      .optional()
      .describe(
        "Labels that must all be present with exactly these values. Each entry is equivalent to a matchExpressions entry with operator In and that single value.",
      ),
    matchExpressions: z
      .array(
        z
          .object({
            key: z.string().min(1).max(317).describe("Label key the requirement applies to."),
            operator: z
              .enum(["In", "NotIn", "Exists", "DoesNotExist"])
              .describe("How the label relates to values: In, NotIn, Exists or DoesNotExist."),
            values: z
              .array(z.string().max(63))
              .max(64)
              .optional()
              .describe("Values compared with the label for In and NotIn (at most 64); leave empty for Exists and DoesNotExist."),
          })
          .describe("One label requirement."),
      )
      .max(16)
      .optional()
      .describe("Label requirements that must all hold, at most 16."),
  })
  .describe("Kubernetes label selector. matchLabels and matchExpressions are ANDed; an empty selector matches everything.");

export const severity = z.enum(["critical", "high", "medium", "low", "info"]).describe("Severity: critical, high, medium, low or info.");
export type Severity = z.infer<typeof severity>;

const count = (what: string) => z.number().int().min(0).describe(`Number of ${what} findings.`);
export const severityCounts = z
  .object({ critical: count("critical"), high: count("high"), medium: count("medium"), low: count("low"), info: count("info") })
  .describe("Number of findings per severity.");
export type SeverityCounts = z.infer<typeof severityCounts>;

/** Framework control ID such as `LLM01:2025`, `ASI02`, `AML.T0051`, `EU-AI-Act:Art.15`. */
export const controlId = z
  .string()
  .min(1)
  .max(64)
  .describe("Framework control ID, e.g. LLM01:2025 (OWASP LLM Top 10), ASI02 (OWASP Agentic), AML.T0051 (MITRE ATLAS), EU-AI-Act:Art.15.");

/** Shaped like metav1.Condition. */
export const condition = z
  .object({
    type: z.string().min(1).max(316).describe("Condition type in CamelCase, e.g. Ready. At most one condition of each type."),
    status: z.enum(["True", "False", "Unknown"]).describe("Whether the condition holds: True, False or Unknown."),
    observedGeneration: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe(
        "metadata.generation the condition was computed from; when lower than the current generation the condition is out of date.",
      ),
    lastTransitionTime: z.string().max(64).describe("When status last changed, in RFC 3339 format."),
    reason: z
      .string()
      .min(1)
      .max(1024)
      .regex(/^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$/)
      .describe("Machine-readable CamelCase reason for the last transition, for tools and alerts to match on."),
    message: z.string().max(32768).describe("Human-readable details of the last transition; may be empty."),
  })
  .describe("One aspect of the object's observed state, shaped like metav1.Condition.");
export type Condition = z.infer<typeof condition>;

export const conditions = z
  .array(condition)
  .max(16)
  .meta({ "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["type"] })
  .describe("Latest observations of the object's state, one per type (at most 16).");

export const observedGeneration = z
  .number()
  .int()
  .min(0)
  .describe("metadata.generation the operator last acted on; status is up to date when it equals metadata.generation.");

export const dateTime = z
  .string()
  .max(64)
  .meta({ format: "date-time" })
  .describe("Timestamp in RFC 3339 format, e.g. 2025-06-01T02:00:00Z.");

/** The status fields every kind shares; each kind's status spreads them first. */
export const statusCommon = {
  observedGeneration: observedGeneration.optional(),
  conditions: conditions.optional(),
};
