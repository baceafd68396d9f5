import RE2 from "re2";
import type { DlpAction } from "../types.js";
import type { DetectorDef } from "./detector.js";

/** A detector ready to run: one global RE2 plus what to do with its matches. */
export interface CompiledDetector {
  readonly id: string;
  readonly set: string;
  readonly action: DlpAction;
  readonly priority: number;
  readonly maxLen: number;
  readonly re: RE2;
  /** source given to the RE2.Set prefilter */
  readonly prefilter: string;
  /** report the first participating capture group instead of the whole match */
  readonly useGroups: boolean;
  readonly validate: ((value: string) => boolean) | undefined;
  readonly locate: ((value: string) => [number, number][]) | undefined;
}

export function compileBuiltin(def: DetectorDef, action: DlpAction): CompiledDetector {
  const useGroups = /\((?!\?)/.test(def.pattern.replace(/\\./g, ""));
  return {
    id: def.id,
    set: def.set,
    action,
    priority: def.priority,
    maxLen: def.maxLen,
    re: new RE2(def.pattern, "g"),
    prefilter: def.prefilter ?? def.pattern,
    useGroups,
    validate: def.validate,
    locate: def.locate,
  };
}

export const CUSTOM_PRIORITY = 95;
export const CUSTOM_MAX_LEN = 512;

/** Compiles a policy pattern; throws RE2's SyntaxError for lookaround, backreferences, bad syntax. */
export function compileCustom(id: string, pattern: string, action: DlpAction): CompiledDetector {
  return {
    id,
    set: "custom",
    action,
    priority: CUSTOM_PRIORITY,
    maxLen: CUSTOM_MAX_LEN,
    re: new RE2(pattern, "g"),
    prefilter: pattern,
    useGroups: false,
    validate: undefined,
    locate: undefined,
  };
}
