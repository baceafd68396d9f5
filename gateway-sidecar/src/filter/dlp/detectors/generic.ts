import { PRIORITY, type DetectorDef } from "../detector.js";
import { basicAuthValid } from "../validators/http-auth.js";
import { looksLikePassword, looksLikeSecret, urlPasswordValid } from "../validators/secret-value.js";

const set = "generic-secrets";

// Key names that announce a secret value. Kept as a suffix of a longer identifier
// (e.g. DB_PASSWORD, stripeSecretKey) via the leading [\w.-]*.
const SECRET_NAMES = String.raw`secret|token|api[_\-.]?key|apikey|access[_\-.]?key|auth[_\-.]?key|client[_\-.]?secret|private[_\-.]?key|credentials?|signing[_\-.]?key|encryption[_\-.]?key|master[_\-.]?key`;
const PASSWORD_NAMES = String.raw`password|passwd|pwd|passphrase|pass`;

export const GENERIC_DETECTORS: readonly DetectorDef[] = [
  {
    id: "generic-secret-assignment",
    set,
    description: "key/secret/token = high-entropy value (entropy + placeholder checks)",
    pattern: String.raw`(?i:[A-Za-z0-9_.\-]*(?:${SECRET_NAMES})[A-Za-z0-9_.\-]*)["']?\s*(?::=|=>|[:=])\s*["']?([A-Za-z0-9_\-+/=.~!@#$%^&*]{12,256})`,
    prefilter: `(?i:${SECRET_NAMES})`,
    validate: looksLikeSecret,
    maxLen: 256,
    priority: PRIORITY.generic,
  },
  {
    id: "password-assignment",
    set,
    description: "password/passwd/pwd = literal value (not a type, reference or placeholder)",
    pattern: String.raw`(?i:\b[A-Za-z0-9_.\-]*(?:${PASSWORD_NAMES}))["']?\s*(?::=|=>|[:=])\s*["']?([^\s"';,]{6,128})`,
    prefilter: `(?i:${PASSWORD_NAMES})`,
    validate: looksLikePassword,
    maxLen: 128,
    priority: PRIORITY.generic,
  },
  {
    id: "url-credentials",
    set,
    description: "password embedded in a URL (scheme://user:pass@host)",
    pattern: String.raw`\b[A-Za-z][A-Za-z0-9+.\-]{1,20}://[^\s:/@"'<>]{1,64}:([^\s/@"'<>]{1,128})@[A-Za-z0-9.\-_\[\]]+`,
    prefilter: String.raw`://[^\s:/@"'<>]{1,64}:[^\s/@"'<>]{1,128}@`,
    validate: urlPasswordValid,
    maxLen: 128,
    priority: PRIORITY.structured,
  },
  {
    id: "bearer-token",
    set,
    description: "Authorization: Bearer <token> header value",
    pattern: String.raw`(?i:authorization)["']?\s*[:=]\s*["']?(?i:bearer)\s+([A-Za-z0-9_\-.~+/]{16,}=*)`,
    prefilter: "(?i:bearer)",
    validate: looksLikeSecret,
    maxLen: 2048,
    priority: PRIORITY.generic + 5,
  },
  {
    id: "basic-auth-header",
    set,
    description: "Authorization: Basic base64(user:password)",
    pattern: String.raw`(?i:authorization)["']?\s*[:=]\s*["']?(?i:basic)\s+([A-Za-z0-9+/]{8,512}={0,2})`,
    prefilter: "(?i:basic)",
    validate: basicAuthValid,
    maxLen: 512,
    priority: PRIORITY.generic + 5,
  },
  {
    id: "api-key-header",
    set,
    description: "x-api-key / api-key / x-auth-token header with a random value",
    pattern: String.raw`(?i:\b(?:x-api-key|api-key|x-auth-token|x-access-token|ocp-apim-subscription-key))["']?\s*[:=]\s*["']?([A-Za-z0-9_\-.]{16,128})`,
    prefilter: "(?i:api-key|auth-token|access-token|subscription-key)",
    validate: looksLikeSecret,
    maxLen: 128,
    priority: PRIORITY.generic + 5,
  },
];
