/** HTTP Basic credentials: base64 of "user:password" with printable text. */
export function basicAuthValid(value: string): boolean {
  const decoded = Buffer.from(value, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon > 0 && colon < decoded.length - 1 && /^[\x20-\x7e]+$/.test(decoded);
}
