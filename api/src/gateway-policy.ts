import { z } from "zod";
import { cel, statusCommon, labelSelector, shortText } from "./common.js";

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

export const dlpAction = z
  .enum(["block", "redact", "log"])
  .describe(
    "What happens on a match: block refuses the request or withholds the response, redact replaces the match with [REDACTED:<detector>], log only records it.",
  );
export type DlpAction = z.infer<typeof dlpAction>;

export const NORMALIZATION_PASSES = ["nfkc", "zeroWidth", "homoglyph", "leet", "htmlEntities", "base64"] as const;

const positiveCap = z
  .object({
    tokens: z.number().int().optional().describe("Maximum tokens (input + output) in the period; must be positive."),
    costUSD: z.number().optional().describe("Maximum cost in US dollars in the period, priced from spec.prices; must be positive."),
  })
  .meta(
    cel(
      { rule: "has(self.tokens) || has(self.costUSD)", message: "a budget period needs tokens or costUSD", reason: "FieldValueRequired" },
      { rule: "!has(self.tokens) || self.tokens > 0", message: "tokens must be positive", fieldPath: ".tokens" },
      { rule: "!has(self.costUSD) || self.costUSD > 0.0", message: "costUSD must be positive", fieldPath: ".costUSD" },
    ),
  )
  .describe("Caps for one period; set tokens, costUSD or both. A request that would pass a cap is refused with 429.");

const dlp = z
  .object({
    sets: z
      .array(
        z
          .object({
            name: z
              .enum(DLP_SETS)
              .describe(
                "Built-in detector set: cloud-credentials, saas-tokens, ai-provider-keys, private-keys, jwt, generic-secrets, pii-contact, financial, national-ids or crypto-wallets.",
              ),
            action: dlpAction,
          })
          .describe("One built-in detector set and its action."),
      )
      .max(DLP_SETS.length)
      .meta({ "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["name"] })
      .optional()
      .describe(
        "Built-in detector sets to run, each at most once. When unset every set runs with its default action (credentials block, personal data and heuristic secrets redact); when set only the listed sets run.",
      ),
    customPatterns: z
      .array(
        z
          .object({
            id: z
              .string()
              .min(1)
              .max(63)
              .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/)
              .describe(
                "Pattern ID reported in findings and refusals: lower-case letters, digits and '-', at most 63 characters, unique in the list.",
              ),
            pattern: z
              .string()
              .min(1)
              .max(1024)
              .describe(
                "Regular expression in RE2 syntax, at most 1024 characters; lookaround and backreferences are rejected when the policy is compiled.",
              ),
            action: dlpAction,
            description: shortText.optional().describe("What the pattern finds, for people reading the policy."),
          })
          .describe("One custom detector."),
      )
      .max(64)
      .meta({ "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["id"] })
      .optional()
      .describe("Your own detectors in addition to the built-in sets, at most 64."),
    scanResponses: z.boolean().default(true).describe("Whether model output is scanned too, streamed or not. Defaults to true."),
  })
  .describe("Data-loss prevention: secrets and personal data detected in prompts and responses.");

const normalization = z
  .object({
    passes: z
      .array(z.enum(NORMALIZATION_PASSES))
      .max(NORMALIZATION_PASSES.length)
      .meta({ "x-kubernetes-list-type": "set" })
      .optional()
      .describe(
        "Passes that undo obfuscation before matching: nfkc (Unicode NFKC), zeroWidth (invisible characters), homoglyph (look-alike letters), leet (l33t speak), htmlEntities, base64 (encoded runs). When unset all six run.",
      ),
    maxDecodeDepth: z
      .number()
      .int()
      .min(0)
      .max(4)
      .default(2)
      .describe("How many nested layers the base64 pass decodes, 0-4; 0 turns decoding off. Defaults to 2."),
    maxDecodedBytes: z
      .number()
      .int()
      .min(0)
      .max(1048576)
      .default(65536)
      .describe("Total bytes the base64 pass may decode per text, 0-1048576 (1 MiB). Defaults to 65536 (64 KiB)."),
  })
  .describe("How text is normalized before detectors run, so obfuscated secrets and injections are still caught.");

const injection = z
  .object({
    enabled: z.boolean().default(true).describe("Whether prompt-injection scoring runs on user, system and tool texts. Defaults to true."),
    threshold: z.number().min(0).max(1).default(0.7).describe("Score (0-1) at or above which the action applies. Defaults to 0.7."),
    action: z
      .enum(["block", "log"])
      .default("block")
      .describe("What happens at or above the threshold: block refuses the request (403), log only records it. Defaults to block."),
  })
  .describe("Prompt-injection detection on requests.");

const budget = z
  .object({
    provider: z.string().min(1).max(63).describe("Upstream name the caps apply to, e.g. openai or anthropic; unique in the list."),
    daily: positiveCap.optional().describe("Caps per UTC day."),
    monthly: positiveCap.optional().describe("Caps per UTC calendar month."),
  })
  .meta(
    cel({ rule: "has(self.daily) || has(self.monthly)", message: "a budget needs daily or monthly caps", reason: "FieldValueRequired" }),
  )
  .describe("Spending caps for one provider; set daily, monthly or both.");

const price = z
  .object({
    provider: z.string().min(1).max(63).describe("Upstream name, e.g. openai."),
    model: z
      .string()
      .min(1)
      .max(128)
      .describe("Model name, or * for the provider's default price when no entry matches the model exactly."),
    inputPer1kUSD: z.number().min(0).describe("US dollars per 1000 input tokens."),
    outputPer1kUSD: z.number().min(0).describe("US dollars per 1000 output tokens."),
  })
  .describe("Price of one model.");

export const gatewayPolicySpec = z
  .object({
    podSelector: labelSelector.describe(
      "Pods in this namespace whose injected gateway sidecar enforces this policy, e.g. matchLabels {aispm.dev/gateway: enabled}.",
    ),
    failMode: z
      .enum(["closed", "open"])
      .default("closed")
      .describe(
        "What the sidecar does once this policy has expired and no newer one arrived: closed refuses traffic with 503, open forwards it unfiltered. Defaults to closed.",
      ),
    dlp: dlp.optional(),
    normalization: normalization.optional(),
    injection: injection.optional(),
    tools: z
      .object({
        allowed: z
          .array(z.string().min(1).max(128))
          .max(256)
          .meta({ "x-kubernetes-list-type": "set" })
          .describe("Tool names requests may declare and models may call, at most 256."),
        onViolation: z
          .enum(["block", "strip"])
          .default("block")
          .describe(
            "Requests declaring other tools: block refuses them (403), strip removes those tools and forwards the rest. Defaults to block.",
          ),
      })
      .optional()
      .describe("Tool allowlist, checked on requests and on tool calls in responses. When unset tools are not restricted."),
    upstreams: z
      .object({
        allowedHosts: z
          .array(z.string().min(1).max(253))
          .min(1)
          .max(64)
          .meta({ "x-kubernetes-list-type": "set" })
          .describe("Hosts the sidecar may forward to, 1-64 entries: host, host:port, or *.suffix for any subdomain."),
      })
      .optional()
      .describe(
        "Upstream allowlist. When set, every upstream host must match it, and requests may pick an upstream by URL in the x-aispm-upstream header; when unset only the sidecar's configured upstreams are used.",
      ),
    budgets: z
      .array(budget)
      .max(32)
      .meta({ "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["provider"] })
      .optional()
      .describe(
        "Token and cost caps per provider, at most 32. Usage is reserved before a call and settled from the reported usage after it.",
      ),
    prices: z
      .array(price)
      .max(256)
      .optional()
      .describe("Model prices used for costUSD caps, at most 256. A cost cap with no price for the model refuses the request."),
    rateLimits: z
      .object({
        agentHeader: z
          .string()
          .min(1)
          .max(128)
          .default("x-aispm-agent")
          .describe(
            "Request header naming the calling agent; without it the pod's service account is the agent. Defaults to x-aispm-agent.",
          ),
        requestsPerMinute: z.number().int().min(1).max(100000).describe("Sustained requests per minute allowed per agent, 1-100000."),
        burst: z
          .number()
          .int()
          .min(1)
          .max(100000)
          .optional()
          .describe("Requests an agent may make at once above the sustained rate, 1-100000. Defaults to requestsPerMinute."),
      })
      .optional()
      .describe("Per-agent rate limit (token bucket); excess requests get 429 with Retry-After."),
  })
  .describe("What the gateway sidecar enforces for the selected pods.");

export type GatewayPolicySpec = z.infer<typeof gatewayPolicySpec>;

export const gatewayPolicyStatus = z
  .object({
    ...statusCommon,
    bundleVersion: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe("Version of the signed policy bundle built from this spec; sidecars never go back to an older one."),
    digest: z.string().max(128).optional().describe("Digest of the signed bundle, to compare with what sidecars report."),
    keyId: z.string().max(128).optional().describe("ID of the key that signed the bundle."),
    sidecarsInSync: z.number().int().min(0).optional().describe("Number of selected sidecars enforcing the current bundle version."),
    sidecarsTotal: z.number().int().min(0).optional().describe("Number of sidecars this policy selects."),
  })
  .describe("Observed state of the policy, written by the operator.");
export type GatewayPolicyStatus = z.infer<typeof gatewayPolicyStatus>;
