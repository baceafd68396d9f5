import { z } from "zod";
import { assetRef, cel, type CelRule, statusCommon, controlId, dateTime, longText, severity, severityCounts, shortText } from "./common.js";
import { ASSET_TYPES, assetTypeNames, typedBlocks } from "./asset-types.js";

export { ASSET_TYPES, type AssetType } from "./asset-types.js";

export const RELATION_TYPES = [
  "uses",
  "calls",
  "retrievesFrom",
  "embedsWith",
  "storesIn",
  "fineTunedFrom",
  "servedBy",
  "exposes",
  "dependsOn",
  "governedBy",
] as const;

/** One rule per type: the typed block named after spec.type is required, every other block forbidden. */
const typedBlockRules: CelRule[] = Object.entries(ASSET_TYPES).map(([type, block]) => ({
  rule: `has(self.${block}) == (self.type == '${type}')`,
  message: `spec.${block} is required when spec.type is ${type} and must be absent otherwise`,
  fieldPath: `.${block}`,
  reason: "FieldValueInvalid",
}));

const typeOfBlock: Record<string, string> = Object.fromEntries(Object.entries(ASSET_TYPES).map(([type, block]) => [block, type]));

// Each block says what it is; the spec adds when it must be present, mirroring typedBlockRules.
const optionalBlocks = Object.fromEntries(
  Object.entries(typedBlocks).map(([block, schema]) => [
    block,
    schema
      .optional()
      .describe(`${schema.description ?? ""} Required when spec.type is ${typeOfBlock[block] ?? ""}; must be absent for any other type.`),
  ]),
) as { [K in keyof typeof typedBlocks]: z.ZodOptional<(typeof typedBlocks)[K]> };

export const aiAssetSpec = z
  .object({
    type: z
      .enum(assetTypeNames)
      .describe(
        "Which of the 13 AI asset types this is. The typed block named after it in lowerCamelCase (llmEndpoint for LLMEndpoint, mcpServer for MCPServer, ...) must be set, and no other.",
      ),
    displayName: shortText.optional().describe("Human-friendly name for reports and inventories, at most 256 characters."),
    description: longText.optional().describe("What the asset is for, at most 4096 characters."),
    owner: z.string().max(256).optional().describe("Team or person accountable for the asset, e.g. team-payments."),
    environment: z.enum(["dev", "staging", "prod"]).optional().describe("Deployment stage: dev, staging or prod."),
    dataClassification: z
      .enum(["public", "internal", "confidential", "restricted"])
      .optional()
      .describe("Most sensitive class of data the asset handles: public, internal, confidential or restricted."),
    relations: z
      .array(
        z
          .object({
            type: z
              .enum(RELATION_TYPES)
              .describe(
                "Kind of edge from this asset to the target: uses, calls, retrievesFrom, embedsWith, storesIn, fineTunedFrom, servedBy, exposes, dependsOn or governedBy.",
              ),
            target: assetRef.describe("The AIAsset at the other end of the edge."),
          })
          .describe("One edge from this asset to another AIAsset."),
      )
      .max(64)
      .optional()
      .describe("Edges to other AIAssets, at most 64. A missing or wrongly-typed target sets the RelationsResolved condition to False."),
    ...optionalBlocks,
  })
  .meta(cel(...typedBlockRules))
  .describe("What the AI asset is: its type, ownership, relations and the typed block describing it.");
export type AIAssetSpec = z.infer<typeof aiAssetSpec>;

export const findingSummary = z
  .object({
    id: z.string().min(1).max(128).describe("Finding ID, stable across scans; FindingReviews refer to it."),
    title: z.string().max(256).describe("One-line summary of the finding."),
    severity,
    probeFamily: z.string().max(128).optional().describe("Probe family that produced the finding."),
    controls: z.array(controlId).max(24).describe("Framework control IDs the finding maps to, at most 24."),
    reportRef: z.string().max(253).optional().describe("Name of the ScanReport holding the finding's evidence."),
  })
  .describe("Summary of one open finding.");

export const MAX_TOP_FINDINGS = 10;

export const aiAssetStatus = z
  .object({
    ...statusCommon,
    type: z.enum(assetTypeNames).optional().describe("spec.type as last reconciled."),
    endpointHost: z.string().max(253).optional().describe("Host name of the asset's endpoint URL, for the inventory."),
    relations: z
      .array(
        z
          .object({
            type: z.string().max(64).describe("Relation type, e.g. uses or embedsWith."),
            target: z.string().max(512).describe("Target AIAsset as namespace/name."),
            resolved: z.boolean().describe("Whether the target AIAsset exists."),
            targetType: z.string().max(64).optional().describe("spec.type of the target, when it exists."),
          })
          .describe("One relation and whether its target was found."),
      )
      .max(64)
      .optional()
      .describe(
        "Relations as resolved by the operator: spec.relations plus those implied by the typed block (a RAG system's vector database, a fine-tune's datasets, ...).",
      ),
    riskScore: z
      .number()
      .int()
      .min(0)
      .max(100)
      .optional()
      .describe("Risk score from 0 (lowest) to 100 (highest), computed from the open findings."),
    severityCounts: severityCounts.optional().describe("Open findings per severity from the latest scans."),
    topFindings: z
      .array(findingSummary)
      .max(MAX_TOP_FINDINGS)
      .optional()
      .describe(`The most severe open findings, at most ${MAX_TOP_FINDINGS}; ScanReports hold the full list.`),
    lastScan: z
      .object({
        time: dateTime.describe("When the scan ran, in RFC 3339 format."),
        report: z.string().max(253).describe("Name of the scan's ScanReport, in the asset's namespace."),
        result: z.string().max(32).describe("Result of the scan: Passed, Failed, Error or Partial."),
      })
      .optional()
      .describe("The most recent scan of this asset."),
    discovered: z
      .boolean()
      .optional()
      .describe("Whether aispm discovered the asset rather than someone declaring it (label aispm.dev/discovered=true)."),
    shadow: z
      .boolean()
      .optional()
      .describe(
        "Whether the asset was discovered but nobody acknowledged it yet (annotation aispm.dev/acknowledged=true clears it): AI in use outside governance.",
      ),
  })
  .describe("Observed state of the asset, written by the operator.");
export type AIAssetStatus = z.infer<typeof aiAssetStatus>;
