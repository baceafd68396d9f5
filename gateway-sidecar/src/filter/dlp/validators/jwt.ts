function decodeJsonSegment(segment: string): Record<string, unknown> | null {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(segment, "base64url").toString("utf8"));
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** JWS compact form: header is a JSON object with a string "alg"; payload decodes to JSON. */
export function jwtValid(token: string): boolean {
  const parts = token.split(".");
  if (parts.length !== 3) return false;
  const header = decodeJsonSegment(parts[0] ?? "");
  if (header === null || typeof header.alg !== "string") return false;
  return decodeJsonSegment(parts[1] ?? "") !== null;
}

/** JWE compact form: five segments, header has "alg" and "enc". */
export function jweValid(token: string): boolean {
  const parts = token.split(".");
  if (parts.length !== 5) return false;
  const header = decodeJsonSegment(parts[0] ?? "");
  return header !== null && typeof header.alg === "string" && typeof header.enc === "string";
}
