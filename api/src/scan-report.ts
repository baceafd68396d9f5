import { z } from "zod";
import { controlId, dateTime, objectName, severity, severityCounts } from "./common.js";

export const MAX_REPORT_FINDINGS = 100;

export const reportFinding = z.object({
  id: z.string().min(1).max(128),
  probeId: z.string().min(1).max(128),
  family: z.string().min(1).max(128),
  title: z.string().max(256),
  severity,
  evidence: z.object({
    excerpt: z.string().max(1024).describe("truncated; the full transcript is in the evidence store"),
    sha256: z.string().regex(/^[a-f0-9]{64}$/),
  }),
  judges: z
    .array(z.object({ judge: z.string().max(128), verdict: z.enum(["pass", "fail", "uncertain"]), confidence: z.number().min(0).max(1) }))
    .max(8)
    .optional(),
  controls: z.array(controlId).max(24),
  needsReview: z.boolean().optional(),
});

export const scanReportSpec = z
  .object({
    assetRef: z.object({ name: objectName }),
    scheduleRef: z.object({ name: objectName }).optional(),
    runId: z.string().min(1).max(128),
    startedAt: dateTime,
    finishedAt: dateTime.optional(),
    result: z.enum(["Passed", "Failed", "Error", "Partial"]),
    probesRun: z.number().int().min(0),
    summary: severityCounts,
    findings: z.array(reportFinding).max(MAX_REPORT_FINDINGS),
    truncated: z.boolean().default(false).describe("more findings exist in the evidence store"),
    transcriptRef: z.string().max(1024).optional(),
  })
  .meta({ "x-kubernetes-validations": [{ rule: "self == oldSelf", message: "ScanReport spec is immutable" }] });
export type ScanReportSpec = z.infer<typeof scanReportSpec>;

export const scanReportStatus = z.object({
  observedGeneration: z.number().int().min(0).optional(),
});
