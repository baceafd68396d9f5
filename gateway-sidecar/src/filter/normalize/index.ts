export { buildViews, type NormalizeConfig, type PassName } from "./pipeline.js";
export { mapSpan, type View, type ViewName } from "./view.js";
