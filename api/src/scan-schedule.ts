import { z } from "zod";
import { cel, conditions, dateTime, labelSelector, objectName, url } from "./common.js";
import { assetTypeNames } from "./asset-types.js";

// Five-field cron (minute hour day-of-month month day-of-week) or a predefined @macro.
// Each field: *, a number, a range, a list or a step, e.g. "*/15 2-5 1,15 * MON-FRI".
const cronField = "(\\*|[0-9A-Za-z]+(-[0-9A-Za-z]+)?)(/[0-9]+)?(,(\\*|[0-9A-Za-z]+(-[0-9A-Za-z]+)?)(/[0-9]+)?)*";
export const CRON_PATTERN = `^((${cronField})( +${cronField}){4}|@(yearly|annually|monthly|weekly|daily|midnight|hourly))$`;

export const PROBE_SUITES = ["owasp-llm", "owasp-agentic", "rag", "vector-db", "mcp", "custom"] as const;

export const scanScheduleSpec = z
  .object({
    schedule: z
      .string()
      .min(1)
      .max(128)
      .refine((v) => new RegExp(CRON_PATTERN).test(v), "must be a 5-field cron expression or an @macro")
      .describe("cron expression (5 fields) or @hourly/@daily/..."),
    timeZone: z.string().max(64).optional(),
    suspend: z.boolean().default(false),
    assetSelector: z
      .object({
        labelSelector: labelSelector.optional(),
        types: z.array(z.enum(assetTypeNames)).max(13).meta({ "x-kubernetes-list-type": "set" }).optional(),
        names: z.array(objectName).max(256).optional(),
      })
      .describe("which AIAssets in this namespace the schedule scans"),
    suites: z.array(z.enum(PROBE_SUITES)).min(1).max(PROBE_SUITES.length).meta({ "x-kubernetes-list-type": "set" }),
    families: z.array(z.string().min(1).max(128)).max(64).optional().describe("restrict to these probe families"),
    customProbes: z.object({ configMapName: objectName }).optional(),
    judges: z
      .object({
        detectors: z.boolean().default(true),
        llm: z
          .object({
            endpoint: url,
            model: z.string().min(1).max(256),
            secretRef: z.object({ name: objectName, key: z.string().min(1).max(253) }).optional(),
            panelSize: z.number().int().min(1).max(3).default(3).describe("1 judge, or 3 plus a meta-judge"),
            reviewBelowConfidence: z.number().min(0).max(1).default(0.6),
          })
          .optional()
          .describe("nothing leaves the cluster unless this is set"),
      })
      .optional(),
    concurrency: z.number().int().min(1).max(50).default(2),
    timeoutSeconds: z.number().int().min(30).max(86400).default(1800),
    retention: z.object({ reportsPerAsset: z.number().int().min(1).max(100).default(10) }).optional(),
  })
  .meta(
    cel(
      { rule: `self.schedule.matches('${CRON_PATTERN.replace(/\\/g, "\\\\")}')`, message: "spec.schedule must be a 5-field cron expression or an @macro such as @daily", fieldPath: ".schedule" },
      { rule: "!has(self.customProbes) || 'custom' in self.suites", message: "spec.customProbes needs the custom suite in spec.suites", fieldPath: ".customProbes" },
    ),
  );
export type ScanScheduleSpec = z.infer<typeof scanScheduleSpec>;

export const scanScheduleStatus = z.object({
  observedGeneration: z.number().int().min(0).optional(),
  conditions: conditions.optional(),
  lastRunTime: dateTime.optional(),
  nextRunTime: dateTime.optional(),
  lastResult: z.enum(["Passed", "Failed", "Error", "Partial"]).optional(),
  matchedAssets: z.number().int().min(0).optional(),
});
