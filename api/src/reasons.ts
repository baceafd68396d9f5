// Condition types, reasons, labels and annotations users and other components match on.
// Kept in the API module so no component has to import another's controller to read them.

export const AIASSET_CONDITIONS = {
  Ready: "Ready",
  RelationsResolved: "RelationsResolved",
} as const;

/** AIAsset condition reasons. */
export const AIASSET_REASONS = {
  Inventoried: "Inventoried",
  RelationsUnresolved: "RelationsUnresolved",
  AllRelationsResolved: "AllRelationsResolved",
  NoRelations: "NoRelations",
  RelationTargetNotFound: "RelationTargetNotFound",
  RelationTargetWrongType: "RelationTargetWrongType",
} as const;

export const LABEL_DISCOVERED = "aispm.dev/discovered";
export const ANNOTATION_ACKNOWLEDGED = "aispm.dev/acknowledged";
