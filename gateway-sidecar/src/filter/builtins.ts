import { DETECTOR_DEFS } from "./dlp/detectors/index.js";

export interface DetectorInfo {
  readonly id: string;
  readonly set: string;
  readonly description: string;
}

/** Metadata of every built-in detector (docs, tests, policy UIs). */
export const BUILTIN_DETECTORS: readonly DetectorInfo[] = DETECTOR_DEFS.map((d) => ({ id: d.id, set: d.set, description: d.description }));
