import { z } from "zod";
import { cel, statusCommon, dateTime, longText, objectName } from "./common.js";

export const findingReviewSpec = z
  .object({
    assetRef: z
      .object({ name: objectName.describe("Name of the AIAsset.") })
      .describe("The AIAsset the finding belongs to, in this namespace."),
    findingId: z.string().min(1).max(128).describe("ID of the reviewed finding, as in the asset's status.topFindings or a ScanReport."),
    reportRef: z
      .object({ name: objectName.describe("Name of the ScanReport.") })
      .optional()
      .describe("The ScanReport the reviewer looked at, in this namespace."),
    action: z
      .enum(["accept-risk", "false-positive", "mitigated", "reopen"])
      .describe(
        "Triage decision: accept-risk (known and tolerated until expiresAt), false-positive (not a real issue), mitigated (fixed; the next scan confirms) or reopen (undo an earlier decision).",
      ),
    comment: longText.min(1).describe("Why the reviewer decided this, 1-4096 characters; kept in the audit trail."),
    expiresAt: dateTime
      .optional()
      .describe("When an accepted risk must be reviewed again, in RFC 3339 format. Required when action is accept-risk."),
  })
  .meta(
    cel(
      {
        rule: "self.action != 'accept-risk' || has(self.expiresAt)",
        message: "spec.expiresAt is required when spec.action is accept-risk",
        fieldPath: ".expiresAt",
        reason: "FieldValueRequired",
      },
      { rule: "self == oldSelf", message: "a FindingReview is an audit record and cannot be edited; create a new one" },
    ),
  )
  .describe("A triage decision on one finding. Immutable: to change a decision, create a new FindingReview.");
export type FindingReviewSpec = z.infer<typeof findingReviewSpec>;

export const findingReviewStatus = z
  .object({
    ...statusCommon,
    recordedAt: dateTime.optional().describe("When the operator recorded the review in the audit trail, in RFC 3339 format."),
    reviewer: z.string().max(512).optional().describe("Kubernetes identity (user name) that created the review."),
    auditSequence: z.number().int().min(0).optional().describe("Sequence number of the review's entry in the audit trail."),
  })
  .describe("Observed state of the review, written by the operator.");
