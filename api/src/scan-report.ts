import { z } from "zod";
import { controlId, dateTime, objectName, observedGeneration, severity, severityCounts } from "./common.js";

export const MAX_REPORT_FINDINGS = 100;

const scanResult = z
  .enum(["Passed", "Failed", "Error", "Partial"])
  .describe("Outcome: Passed (no findings), Failed (findings), Error (the scan could not complete) or Partial (some probes did not run).");

export const reportFinding = z
  .object({
    id: z.string().min(1).max(128).describe("Finding ID, stable across scans of the same asset; FindingReviews refer to it."),
    probeId: z.string().min(1).max(128).describe("ID of the probe that produced the finding."),
    family: z.string().min(1).max(128).describe("Probe family the probe belongs to."),
    title: z.string().max(256).describe("One-line summary of the finding."),
    severity,
    evidence: z
      .object({
        excerpt: z
          .string()
          .max(1024)
          .describe(
            "Excerpt of the transcript showing the issue, truncated to 1024 characters; the full transcript is in the evidence store.",
          ),
        sha256: z
          .string()
          .regex(/^[a-f0-9]{64}$/)
          .describe("SHA-256 of the full transcript (64 lower-case hex digits), to verify the copy in the evidence store."),
      })
      .describe("What shows the issue."),
    judges: z
      .array(
        z
          .object({
            judge: z.string().max(128).describe("Which judge: a detector ID or an LLM judge's model."),
            verdict: z.enum(["pass", "fail", "uncertain"]).describe("The judge's verdict on the response: pass, fail or uncertain."),
            confidence: z.number().min(0).max(1).describe("The judge's confidence in its verdict, 0-1."),
          })
          .describe("One judge's verdict."),
      )
      .max(8)
      .optional()
      .describe("Verdicts of the judges that assessed the response, at most 8."),
    controls: z.array(controlId).max(24).describe("Framework control IDs the finding maps to, at most 24."),
    needsReview: z.boolean().optional().describe("Whether judges disagreed or were unsure, so a human should confirm the finding."),
  })
  .describe("One finding of the scan.");

export const scanReportSpec = z
  .object({
    assetRef: z.object({ name: objectName.describe("Name of the AIAsset.") }).describe("The scanned AIAsset, in this namespace."),
    scheduleRef: z
      .object({ name: objectName.describe("Name of the ScanSchedule.") })
      .optional()
      .describe("The ScanSchedule that started the scan, in this namespace; unset for scans started by hand."),
    runId: z.string().min(1).max(128).describe("ID of the run this scan belongs to; one run scans every asset a schedule selects."),
    startedAt: dateTime.describe("When the scan started, in RFC 3339 format."),
    finishedAt: dateTime.optional().describe("When the scan finished, in RFC 3339 format."),
    result: scanResult,
    probesRun: z.number().int().min(0).describe("Number of probes sent to the asset."),
    summary: severityCounts.describe("Findings per severity, counting any left out of spec.findings."),
    findings: z
      .array(reportFinding)
      .max(MAX_REPORT_FINDINGS)
      .describe(`The findings, most severe first, at most ${MAX_REPORT_FINDINGS}; truncated tells whether more exist.`),
    truncated: z
      .boolean()
      .default(false)
      .describe(`Whether more than ${MAX_REPORT_FINDINGS} findings exist; the rest are in the evidence store. Defaults to false.`),
    transcriptRef: z.string().max(1024).optional().describe("Location of the full transcripts in the evidence store."),
  })
  .meta({ "x-kubernetes-validations": [{ rule: "self == oldSelf", message: "ScanReport spec is immutable" }] })
  .describe("One scan run's findings for one asset, written by the scan collector. Immutable once created.");
export type ScanReportSpec = z.infer<typeof scanReportSpec>;

export const scanReportStatus = z.object({ observedGeneration: observedGeneration.optional() }).describe("Observed state of the report.");
