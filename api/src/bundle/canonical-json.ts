/**
 * Canonical JSON: object keys sorted by UTF-16 code units, no whitespace, numbers in ECMAScript
 * shortest form. Signatures are computed over these bytes, so two semantically equal payloads
 * always produce the same signature input regardless of key order or formatting.
 */
export class CanonicalJsonError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CanonicalJsonError";
  }
}

export function canonicalJson(value: unknown): string {
  return encode(value, "$", new Set());
}

function encode(value: unknown, path: string, seen: Set<object>): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "boolean":
      return value ? "true" : "false";
    case "string":
      return JSON.stringify(value);
    case "number":
      if (!Number.isFinite(value)) throw new CanonicalJsonError(`non-finite number at ${path}`);
      // JSON.stringify prints -0 as "0" and uses the shortest round-trip form, which is what we want.
      return JSON.stringify(value);
    case "object":
      return encodeContainer(value, path, seen);
    default:
      throw new CanonicalJsonError(`unsupported ${typeof value} at ${path}`);
  }
}

function encodeContainer(value: object, path: string, seen: Set<object>): string {
  if (seen.has(value)) throw new CanonicalJsonError(`cycle at ${path}`);
  seen.add(value);
  try {
    if (Array.isArray(value)) {
      return `[${value.map((v: unknown, i) => encode(v, `${path}[${i}]`, seen)).join(",")}]`;
    }
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) throw new CanonicalJsonError(`non-plain object at ${path}`);
    const record = value as Record<string, unknown>;
    const parts: string[] = [];
    // Default sort compares UTF-16 code units, the order RFC 8785 prescribes.
    for (const key of Object.keys(record).sort()) {
      const v = record[key];
      if (v === undefined) continue; // like JSON.stringify: absent and undefined are the same payload
      parts.push(`${JSON.stringify(key)}:${encode(v, `${path}.${key}`, seen)}`);
    }
    return `{${parts.join(",")}}`;
  } finally {
    seen.delete(value);
  }
}
