// Public surface of the filter engine. The proxy imports only from here and ./types.js.
export { BUILTIN_DETECTORS, type DetectorInfo } from "./builtins.js";
export { compileFilter } from "./compile.js";
export { DEFAULT_SET_ACTIONS } from "./config.js";
export { FilterConfigError, GW_ERR_POLICY_PATTERN } from "./errors.js";
export type { RedactOptions } from "./redact.js";
export type * from "./types.js";
