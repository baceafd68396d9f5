import { z } from "zod";
import { cel, statusCommon, dateTime, labelSelector, objectName, secretKeyRef, url, URL_RULE } from "./common.js";
import { assetTypeNames } from "./asset-types.js";
import {
  CRON_MACROS,
  CRON_MAX_LENGTH,
  CRON_PATTERN,
  CRON_RANGE_MESSAGE,
  CRON_RANGE_RULE,
  isKnownTimeZone,
  reversedCronRange,
  TIME_ZONE_PATTERN,
} from "./cron.js";

export const PROBE_SUITES = ["owasp-llm", "owasp-agentic", "rag", "vector-db", "mcp", "custom"] as const;

// The API server enforces syntax and numeric bounds through the pattern and range order through
// the CEL rule; the zod checks below repeat both (plus the time zone lookup, which only a running
// process can do) so the operator never acts on a schedule the API server would have refused.
const schedule = z
  .string()
  .min(1)
  .max(CRON_MAX_LENGTH)
  .regex(
    new RegExp(CRON_PATTERN),
    "must be 5 cron fields (minute hour day-of-month month day-of-week) with values in range, or an @macro such as @daily",
  )
  .superRefine((v, ctx) => {
    const reversed = reversedCronRange(v);
    if (reversed !== undefined) ctx.addIssue({ code: "custom", message: `range ${reversed} runs backwards: ${CRON_RANGE_MESSAGE}` });
  })
  // CEL errors show `Invalid value: "string"`, so the message quotes the schedule itself.
  .meta(cel({ rule: CRON_RANGE_RULE, message: CRON_RANGE_MESSAGE, messageExpression: `'${CRON_RANGE_MESSAGE}; got "' + self + '"'` }))
  .describe(
    "When runs start, as a 5-field cron expression `minute hour day-of-month month day-of-week`: minute 0-59, hour 0-23, day-of-month 1-31, " +
      "month 1-12 or JAN-DEC, day-of-week 0-7 or SUN-SAT (0 and 7 are Sunday; names are upper case). Each field is a comma list of `*`, a value " +
      "or a range `a-b` (start <= end), each optionally followed by a step `/n` (1-99). Fields are separated by spaces. " +
      `Instead of fields, one of @${CRON_MACROS.join(", @")}. At most ${CRON_MAX_LENGTH} characters. Example: \`*/15 9-17 * * MON-FRI\`.`,
  );

const judges = z
  .object({
    detectors: z
      .boolean()
      .default(true)
      .describe("Whether the built-in deterministic detectors judge every probe response. Defaults to true."),
    llm: z
      .object({
        endpoint: url.describe(`URL of the API serving the judge model. ${URL_RULE}`),
        model: z.string().min(1).max(256).describe("Judge model name, e.g. gpt-4o."),
        secretRef: secretKeyRef.optional().describe("Secret key, in this namespace, holding the API key for the judge endpoint."),
        panelSize: z
          .number()
          .int()
          .min(1)
          .max(3)
          .default(3)
          .describe("Number of LLM judges per verdict, 1-3; with more than one, a meta-judge resolves disagreement. Defaults to 3."),
        reviewBelowConfidence: z
          .number()
          .min(0)
          .max(1)
          .default(0.6)
          .describe("Verdicts with a confidence below this value (0-1) mark the finding needsReview for a human. Defaults to 0.6."),
      })
      .optional()
      .describe("LLM judges. Probe transcripts are sent to this endpoint: nothing leaves the cluster unless this is set."),
  })
  .describe("How probe responses are judged. When unset, the built-in detectors alone judge.");

export const scanScheduleSpec = z
  .object({
    schedule,
    timeZone: z
      .string()
      .max(64)
      .regex(new RegExp(TIME_ZONE_PATTERN), "must be an IANA time zone name such as Europe/Berlin")
      .refine(isKnownTimeZone, "unknown time zone")
      .optional()
      .describe("IANA time zone the schedule is evaluated in, e.g. Europe/Berlin or America/New_York. Defaults to UTC."),
    suspend: z.boolean().default(false).describe("Whether new runs are held back; runs already started finish. Defaults to false."),
    assetSelector: z
      .object({
        labelSelector: labelSelector.optional().describe("Only AIAssets whose labels match this selector."),
        types: z
          .array(z.enum(assetTypeNames))
          .max(13)
          .meta({ "x-kubernetes-list-type": "set" })
          .optional()
          .describe("Only AIAssets whose spec.type is one of these, e.g. [LLMEndpoint, Agent]."),
        names: z.array(objectName).max(256).optional().describe("Only AIAssets with one of these names, at most 256."),
      })
      .describe(
        "Which AIAssets in this namespace each run scans. Every criterion that is set must match; an empty selector selects every AIAsset in the namespace.",
      ),
    suites: z
      .array(z.enum(PROBE_SUITES))
      .min(1)
      .max(PROBE_SUITES.length)
      .meta({ "x-kubernetes-list-type": "set" })
      .describe(
        "Probe suites run against each selected asset, at least one: owasp-llm, owasp-agentic, rag, vector-db, mcp, or custom (probes from spec.customProbes).",
      ),
    families: z
      .array(z.string().min(1).max(128))
      .max(64)
      .optional()
      .describe(
        "Only probe families with these names, within the selected suites (at most 64). When unset every family of the suites runs.",
      ),
    customProbes: z
      .object({ configMapName: objectName.describe("Name of a ConfigMap in this namespace whose data holds probe definitions in YAML.") })
      .optional()
      .describe("User-written probes for the custom suite; needs custom in spec.suites."),
    judges: judges.optional(),
    concurrency: z
      .number()
      .int()
      .min(1)
      .max(50)
      .default(2)
      .describe("Maximum number of assets scanned at the same time in one run, 1-50. Defaults to 2."),
    timeoutSeconds: z
      .number()
      .int()
      .min(30)
      .max(86400)
      .default(1800)
      .describe("Time limit for scanning one asset, in seconds, 30-86400. Defaults to 1800 (30 minutes)."),
    retention: z
      .object({
        reportsPerAsset: z
          .number()
          .int()
          .min(1)
          .max(100)
          .default(10)
          .describe("ScanReports kept per asset, 1-100; older ones are deleted. Defaults to 10."),
      })
      .optional()
      .describe("How many ScanReports are kept."),
  })
  .meta(
    cel({
      rule: "!has(self.customProbes) || 'custom' in self.suites",
      message: "spec.customProbes needs the custom suite in spec.suites",
      fieldPath: ".customProbes",
    }),
  )
  .describe("When and how AIAssets in this namespace are scanned.");
export type ScanScheduleSpec = z.infer<typeof scanScheduleSpec>;

export const scanScheduleStatus = z
  .object({
    ...statusCommon,
    lastRunTime: dateTime.optional().describe("When the most recent run started, in RFC 3339 format."),
    nextRunTime: dateTime.optional().describe("When the next run is due, in RFC 3339 format; unset while suspended."),
    lastResult: z
      .enum(["Passed", "Failed", "Error", "Partial"])
      .optional()
      .describe(
        "Outcome of the most recent run: Passed (no findings), Failed (findings), Error (the run could not complete) or Partial (some assets were not scanned).",
      ),
    matchedAssets: z.number().int().min(0).optional().describe("Number of AIAssets the selector matched at the most recent run."),
  })
  .describe("Observed state of the schedule, written by the operator.");
