// @aispm/api: the API every component shares — zod schemas of the five kinds, the types inferred
// from them, condition reasons and labels. CRD rendering lives at "@aispm/api/crd" and the signed
// policy bundle at "@aispm/api/bundle".
export * from "./ai-asset.js";
export * from "./common.js";
export * from "./cron.js";
export * from "./finding-review.js";
export * from "./gateway-policy.js";
export * from "./kinds.js";
export * from "./reasons.js";
export * from "./scan-report.js";
export * from "./scan-schedule.js";
