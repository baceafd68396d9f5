import { charClasses, shannonEntropy } from "./entropy.js";
import { isPlaceholder } from "./placeholder.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEX = /^(?:0x)?[0-9a-f]+$/i;
const VERSIONISH = /^v?\d+(?:\.\d+){1,3}(?:[-+][0-9a-z.]+)?$/i;
const PATHISH = /^(?:\.{0,2}\/|[a-z]+:\/\/|[a-z]:\\)/i;
// Publishable and test-mode keys are public by design (docs, front-end bundles).
const PUBLIC_KEY_PREFIX = /^(?:pk_(?:live|test)_|[sr]k_test_)/;

/** Entropy a random token of this length clearly exceeds (short strings cannot reach log2 of the alphabet). */
export function entropyThreshold(length: number): number {
  if (length < 16) return 3.0;
  if (length < 24) return 3.3;
  return 3.6;
}

/**
 * Generic "is this value a real secret" test used by context-only detectors: high
 * entropy, letters and digits mixed, not a hash / UUID / version / path / placeholder.
 */
export function looksLikeSecret(value: string): boolean {
  if (value.length < 12 || value.length > 256) return false;
  if (UUID.test(value) || HEX.test(value) || VERSIONISH.test(value) || PATHISH.test(value) || PUBLIC_KEY_PREFIX.test(value)) return false;
  if (!/[0-9]/.test(value) || !/[A-Za-z]/.test(value)) return false;
  if (charClasses(value) < 2 || isPlaceholder(value)) return false;
  return shannonEntropy(value) >= entropyThreshold(value.length);
}

/** Same test for values whose format is already constrained by the detector (hex keys etc.). */
export function looksRandom(value: string, minEntropy = 3.0): boolean {
  return !isPlaceholder(value) && shannonEntropy(value) >= minEntropy;
}

const TYPE_WORDS = new Set([
  "string",
  "number",
  "boolean",
  "null",
  "undefined",
  "true",
  "false",
  "none",
  "required",
  "optional",
  "str",
  "int",
  "text",
  "password",
  "passwd",
  "secret",
  "hidden",
  "empty",
  "yes",
  "no",
  "bool",
  "any",
]);

/** Password literal: not a type name / reference / placeholder, and not a plain word. */
export function looksLikePassword(value: string): boolean {
  if (value.length < 6 || value.length > 128) return false;
  if (TYPE_WORDS.has(value.toLowerCase()) || isPlaceholder(value)) return false;
  if (/^[a-z_][a-z0-9_]*\(?\)?$/i.test(value) && !/\d/.test(value)) return false; // identifier
  if (/^[a-z_]+(?:\.[a-z_]+)+$/i.test(value)) return false; // config.password
  return charClasses(value) >= 2 && shannonEntropy(value) >= 2.3;
}

const URL_PASSWORD_WORDS = new Set(["pass", "password", "passwd", "pwd", "secret", "x", "xxx", "token"]);

/** Password part of scheme://user:pass@host: any literal that is not a placeholder or template. */
export function urlPasswordValid(value: string): boolean {
  return value.length >= 3 && !URL_PASSWORD_WORDS.has(value.toLowerCase()) && !isPlaceholder(value) && !/^\*+$/.test(value);
}
