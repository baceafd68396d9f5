import { z } from "zod";
import { cel, conditions, labelSelector, shortText } from "./common.js";

/** Built-in DLP detector sets shipped with the gateway. */
export const DLP_SETS = [
  "cloud-credentials",
  "saas-tokens",
  "ai-provider-keys",
  "private-keys",
  "jwt",
  "generic-secrets",
  "pii-contact",
  "financial",
  "national-ids",
  "crypto-wallets",
] as const;

export const dlpAction = z.enum(["block", "redact", "log"]);
export type DlpAction = z.infer<typeof dlpAction>;

export const NORMALIZATION_PASSES = ["nfkc", "zeroWidth", "homoglyph", "leet", "htmlEntities", "base64"] as const;

const positiveCap = z
  .object({
    tokens: z.number().int().optional().describe("token cap for the period"),
    costUSD: z.number().optional().describe("cost cap in USD for the period, priced from spec.prices"),
  })
  .meta(
    cel(
      { rule: "has(self.tokens) || has(self.costUSD)", message: "a budget period needs tokens or costUSD", reason: "FieldValueRequired" },
      { rule: "!has(self.tokens) || self.tokens > 0", message: "tokens must be positive", fieldPath: ".tokens" },
      { rule: "!has(self.costUSD) || self.costUSD > 0.0", message: "costUSD must be positive", fieldPath: ".costUSD" },
    ),
  );

export const gatewayPolicySpec = z
  .object({
    podSelector: labelSelector.describe("pods whose injected sidecar enforces this policy"),
    failMode: z.enum(["closed", "open"]).default("closed").describe("closed refuses traffic (503) while no valid policy is loaded"),
    dlp: z
      .object({
        sets: z
          .array(z.object({ name: z.enum(DLP_SETS), action: dlpAction }))
          .max(DLP_SETS.length)
          .meta({ "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["name"] })
          .optional(),
        customPatterns: z
          .array(
            z.object({
              id: z.string().min(1).max(63).regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/),
              pattern: z.string().min(1).max(1024).describe("RE2 syntax; lookaround and backreferences are rejected"),
              action: dlpAction,
              description: shortText.optional(),
            }),
          )
          .max(64)
          .meta({ "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["id"] })
          .optional(),
        scanResponses: z.boolean().default(true),
      })
      .optional(),
    normalization: z
      .object({
        passes: z.array(z.enum(NORMALIZATION_PASSES)).max(NORMALIZATION_PASSES.length).meta({ "x-kubernetes-list-type": "set" }).optional(),
        maxDecodeDepth: z.number().int().min(0).max(4).default(2),
        maxDecodedBytes: z.number().int().min(0).max(1048576).default(65536),
      })
      .optional(),
    injection: z
      .object({
        enabled: z.boolean().default(true),
        threshold: z.number().min(0).max(1).default(0.7).describe("score at or above which the action applies"),
        action: z.enum(["block", "log"]).default("block"),
      })
      .optional(),
    tools: z
      .object({
        allowed: z.array(z.string().min(1).max(128)).max(256).meta({ "x-kubernetes-list-type": "set" }),
        onViolation: z.enum(["block", "strip"]).default("block").describe("requests declaring other tools: refuse, or strip them"),
      })
      .optional()
      .describe("tool allowlist; absent means tools are not restricted"),
    upstreams: z
      .object({
        allowedHosts: z.array(z.string().min(1).max(253)).min(1).max(64).meta({ "x-kubernetes-list-type": "set" }),
      })
      .optional(),
    budgets: z
      .array(
        z
          .object({
            provider: z.string().min(1).max(63).describe("upstream provider name, e.g. openai, anthropic"),
            daily: positiveCap.optional(),
            monthly: positiveCap.optional(),
          })
          .meta(cel({ rule: "has(self.daily) || has(self.monthly)", message: "a budget needs daily or monthly caps", reason: "FieldValueRequired" })),
      )
      .max(32)
      .meta({ "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["provider"] })
      .optional(),
    prices: z
      .array(
        z.object({
          provider: z.string().min(1).max(63),
          model: z.string().min(1).max(128).describe("model name or * for the provider default"),
          inputPer1kUSD: z.number().min(0),
          outputPer1kUSD: z.number().min(0),
        }),
      )
      .max(256)
      .optional(),
    rateLimits: z
      .object({
        agentHeader: z.string().min(1).max(128).default("x-aispm-agent").describe("request header carrying the agent identity"),
        requestsPerMinute: z.number().int().min(1).max(100000),
        burst: z.number().int().min(1).max(100000).optional(),
      })
      .optional(),
  })
  .describe("GatewayPolicy: what the gateway sidecar enforces for selected pods");

export type GatewayPolicySpec = z.infer<typeof gatewayPolicySpec>;

export const gatewayPolicyStatus = z.object({
  observedGeneration: z.number().int().min(0).optional(),
  conditions: conditions.optional(),
  bundleVersion: z.number().int().min(0).optional(),
  digest: z.string().max(128).optional(),
  keyId: z.string().max(128).optional(),
  sidecarsInSync: z.number().int().min(0).optional(),
  sidecarsTotal: z.number().int().min(0).optional(),
});
export type GatewayPolicyStatus = z.infer<typeof gatewayPolicyStatus>;
