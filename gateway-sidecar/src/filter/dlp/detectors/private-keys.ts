import { PRIORITY, type DetectorDef } from "../detector.js";

const set = "private-keys";

// PEM body: base64, whitespace, escaped "\n" (keys pasted from JSON) and RFC 1421
// headers (Proc-Type / DEK-Info). A lone '-' may appear in headers; "-----" ends it.
const BODY = String.raw`(?:[A-Za-z0-9+/=\s\\:,.]|-[A-Za-z0-9])`;

/** BEGIN line + at least 32 body chars; the END line is optional so truncated pastes still match. */
function pem(label: string): string {
  return String.raw`-----BEGIN ${label}-----${BODY}{32,}(?:-----END ${label}-----)?`;
}

function pemDetector(id: string, label: string, description: string): DetectorDef {
  return { id, set, description, pattern: pem(label), prefilter: `-----BEGIN ${label}-----`, maxLen: 4096, priority: PRIORITY.privateKey };
}

export const PRIVATE_KEY_DETECTORS: readonly DetectorDef[] = [
  pemDetector("pem-rsa-private-key", "RSA PRIVATE KEY", "PEM RSA private key (PKCS#1)"),
  pemDetector("pem-ec-private-key", "EC PRIVATE KEY", "PEM EC private key (SEC1)"),
  pemDetector("pem-dsa-private-key", "DSA PRIVATE KEY", "PEM DSA private key"),
  pemDetector("openssh-private-key", "OPENSSH PRIVATE KEY", "OpenSSH private key"),
  pemDetector("pem-pkcs8-private-key", "PRIVATE KEY", "PEM PKCS#8 private key (unencrypted)"),
  pemDetector("pem-encrypted-private-key", "ENCRYPTED PRIVATE KEY", "PEM PKCS#8 encrypted private key"),
  {
    id: "pgp-private-key-block",
    set,
    description: "ASCII-armored PGP/GPG private key block",
    pattern: String.raw`-----BEGIN PGP PRIVATE KEY BLOCK-----${BODY}{32,}(?:-----END PGP PRIVATE KEY BLOCK-----)?`,
    prefilter: "-----BEGIN PGP PRIVATE KEY BLOCK-----",
    maxLen: 8192,
    priority: PRIORITY.privateKey,
  },
  {
    id: "putty-private-key",
    set,
    description: "PuTTY .ppk private key file",
    pattern: String.raw`PuTTY-User-Key-File-[23]: [a-z0-9\-]+\s+Encryption: [a-z0-9\-]+[\s\S]{0,400}?Private-Lines: \d+\s+[A-Za-z0-9+/=\s]{32,}`,
    prefilter: String.raw`PuTTY-User-Key-File-[23]:`,
    maxLen: 4096,
    priority: PRIORITY.privateKey,
  },
  {
    id: "age-secret-key",
    set,
    description: "age encryption secret key (AGE-SECRET-KEY-1...)",
    pattern: String.raw`\bAGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}\b`,
    prefilter: "AGE-SECRET-KEY-1",
    maxLen: 74,
    priority: PRIORITY.privateKey,
  },
];
