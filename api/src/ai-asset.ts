import { z } from "zod";
import { assetRef, cel, type CelRule, conditions, controlId, dateTime, longText, severity, severityCounts, shortText } from "./common.js";
import { ASSET_TYPES, assetTypeNames, typedBlocks } from "./asset-types.js";

export { ASSET_TYPES, type AssetType } from "./asset-types.js";

export const RELATION_TYPES = [
  "uses", "calls", "retrievesFrom", "embedsWith", "storesIn", "fineTunedFrom", "servedBy", "exposes", "dependsOn", "governedBy",
] as const;

/** One rule per type: the typed block named after spec.type is required, every other block forbidden. */
const typedBlockRules: CelRule[] = Object.entries(ASSET_TYPES).map(([type, block]) => ({
  rule: `has(self.${block}) == (self.type == '${type}')`,
  message: `spec.${block} is required when spec.type is ${type} and must be absent otherwise`,
  fieldPath: `.${block}`,
  reason: "FieldValueInvalid",
}));

export const aiAssetSpec = z
  .object({
    type: z.enum(assetTypeNames).describe("which of the 13 AI asset types this is"),
    displayName: shortText.optional(),
    description: longText.optional(),
    owner: z.string().max(256).optional().describe("team or person accountable for the asset"),
    environment: z.enum(["dev", "staging", "prod"]).optional(),
    dataClassification: z.enum(["public", "internal", "confidential", "restricted"]).optional(),
    relations: z
      .array(z.object({ type: z.enum(RELATION_TYPES), target: assetRef }))
      .max(64)
      .optional()
      .describe("edges to other AIAssets; missing targets surface as the RelationsResolved condition"),
    ...Object.fromEntries(Object.entries(typedBlocks).map(([k, v]) => [k, v.optional()])) as {
      [K in keyof typeof typedBlocks]: z.ZodOptional<(typeof typedBlocks)[K]>;
    },
  })
  .meta(cel(...typedBlockRules));
export type AIAssetSpec = z.infer<typeof aiAssetSpec>;

export const findingSummary = z.object({
  id: z.string().min(1).max(128),
  title: z.string().max(256),
  severity,
  probeFamily: z.string().max(128).optional(),
  controls: z.array(controlId).max(24),
  reportRef: z.string().max(253).optional(),
});

export const MAX_TOP_FINDINGS = 10;

export const aiAssetStatus = z.object({
  observedGeneration: z.number().int().min(0).optional(),
  conditions: conditions.optional(),
  type: z.enum(assetTypeNames).optional(),
  endpointHost: z.string().max(253).optional().describe("host of the asset's endpoint, for inventory"),
  relations: z
    .array(z.object({ type: z.string().max(64), target: z.string().max(512), resolved: z.boolean(), targetType: z.string().max(64).optional() }))
    .max(64)
    .optional(),
  riskScore: z.number().int().min(0).max(100).optional(),
  severityCounts: severityCounts.optional(),
  topFindings: z.array(findingSummary).max(MAX_TOP_FINDINGS).optional(),
  lastScan: z.object({ time: dateTime, report: z.string().max(253), result: z.string().max(32) }).optional(),
  discovered: z.boolean().optional(),
  shadow: z.boolean().optional(),
});
export type AIAssetStatus = z.infer<typeof aiAssetStatus>;
