// The signed policy bundle: one implementation of its canonical form, signing and verification,
// used by the operator (signs), the sidecar (verifies) and the CLI (both).
export { CanonicalJsonError, canonicalJson } from "./canonical-json.js";
export {
  bundleEnvelopeSchema,
  bundlePayloadSchema,
  keysFileSchema,
  type BundlePayload,
  type KeysFile,
  type SignedBundle,
} from "./envelope.js";
export { BundleError, type BundleErrorCode } from "./errors.js";
export { decodeBase64Strict, parseKeysFile, type TrustStore } from "./keys.js";
export { decodeSecretKey, generateKeyPair, signBundle, type KeyPairB64 } from "./sign.js";
export { verifyEnvelope, type EnvelopeCheck, type VerifiedEnvelope } from "./verify.js";
