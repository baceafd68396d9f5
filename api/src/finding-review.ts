import { z } from "zod";
import { cel, conditions, dateTime, longText, objectName } from "./common.js";

export const findingReviewSpec = z
  .object({
    assetRef: z.object({ name: objectName }),
    findingId: z.string().min(1).max(128),
    reportRef: z.object({ name: objectName }).optional(),
    action: z.enum(["accept-risk", "false-positive", "mitigated", "reopen"]),
    comment: longText.min(1),
    expiresAt: dateTime.optional().describe("when an accepted risk must be reviewed again"),
  })
  .meta(
    cel(
      { rule: "self.action != 'accept-risk' || has(self.expiresAt)", message: "spec.expiresAt is required when spec.action is accept-risk", fieldPath: ".expiresAt", reason: "FieldValueRequired" },
      { rule: "self == oldSelf", message: "a FindingReview is an audit record and cannot be edited; create a new one" },
    ),
  );
export type FindingReviewSpec = z.infer<typeof findingReviewSpec>;

export const findingReviewStatus = z.object({
  observedGeneration: z.number().int().min(0).optional(),
  conditions: conditions.optional(),
  recordedAt: dateTime.optional(),
  reviewer: z.string().max(512).optional(),
  auditSequence: z.number().int().min(0).optional(),
});
