import { PRIORITY, type DetectorDef } from "../detector.js";
import { jweValid, jwtValid } from "../validators/jwt.js";

const set = "jwt";

export const JWT_DETECTORS: readonly DetectorDef[] = [
  {
    id: "jwt",
    set,
    description: "JSON Web Token (JWS): header decodes to JSON with alg, payload to JSON",
    pattern: String.raw`\beyJ[A-Za-z0-9_\-]{8,}\.eyJ[A-Za-z0-9_\-]{4,}\.[A-Za-z0-9_\-]*`,
    prefilter: String.raw`eyJ[A-Za-z0-9_\-]{8,}\.eyJ`,
    validate: jwtValid,
    maxLen: 4096,
    priority: PRIORITY.structured,
  },
  {
    id: "jwe",
    set,
    description: "Encrypted JWT (JWE compact, five segments, header has alg and enc)",
    pattern: String.raw`\beyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]*\.[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}`,
    prefilter: String.raw`eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]*\.[A-Za-z0-9_\-]{8,}\.`,
    validate: jweValid,
    maxLen: 8192,
    priority: PRIORITY.structured + 1,
  },
];
