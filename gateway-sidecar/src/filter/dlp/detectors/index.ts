import type { DetectorDef } from "../detector.js";
import { AI_DETECTORS } from "./ai.js";
import { CLOUD_DETECTORS } from "./cloud.js";
import { CRYPTO_DETECTORS } from "./crypto.js";
import { FINANCIAL_DETECTORS } from "./financial.js";
import { GENERIC_DETECTORS } from "./generic.js";
import { JWT_DETECTORS } from "./jwt.js";
import { NATIONAL_ID_DETECTORS } from "./national-ids.js";
import { PII_DETECTORS } from "./pii.js";
import { PRIVATE_KEY_DETECTORS } from "./private-keys.js";
import { SAAS_DETECTORS } from "./saas.js";

/** Every built-in detector, in set order. */
export const DETECTOR_DEFS: readonly DetectorDef[] = [
  ...CLOUD_DETECTORS,
  ...SAAS_DETECTORS,
  ...AI_DETECTORS,
  ...PRIVATE_KEY_DETECTORS,
  ...JWT_DETECTORS,
  ...GENERIC_DETECTORS,
  ...PII_DETECTORS,
  ...FINANCIAL_DETECTORS,
  ...NATIONAL_ID_DETECTORS,
  ...CRYPTO_DETECTORS,
];
