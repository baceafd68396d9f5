/**
 * Text hidden in encodings a provider decodes for the model: data URLs (`data:text/plain;base64,…`,
 * `data:application/json,…`) and base64 `data` next to a textual `media_type` (Anthropic documents).
 * The decoded text is what gets scanned; a redaction is re-encoded the same way so it lands in the
 * same place. Binary media (images, audio, PDF) cannot be scanned as text: "binary", left as they are.
 */
export interface EncodedText {
  /** the decoded text to scan */
  readonly text: string;
  /** the original string with `decoded` re-encoded in place of the payload */
  encode(decoded: string): string;
}

/** Media types a provider hands to the model as text. */
export function isTextualMediaType(mediaType: string): boolean {
  const t = mediaType.trim().toLowerCase();
  if (t === "" || t.startsWith("text/")) return true;
  if (/^application\/(json|xml|javascript|ecmascript|x-yaml|yaml|toml|x-sh|sql|graphql|csv|x-ndjson|ld\+json)$/.test(t)) return true;
  return t.endsWith("+json") || t.endsWith("+xml");
}

const DATA_URL = /^data:([^,;]*)((?:;[^,;]*)*),/i;

function decodeBase64(payload: string): string {
  return Buffer.from(payload, "base64").toString("utf8");
}

function decodePercent(payload: string): string {
  try {
    return decodeURIComponent(payload);
  } catch {
    // Malformed escapes: the provider sees the raw characters, so scan those.
    return payload;
  }
}

/**
 * `data:` URLs: textual ones are decoded; a binary type with base64 encoding is skipped (null); a
 * binary type without base64 is percent-encoded text and is decoded too. Null: not a data URL.
 */
export function dataUrlText(value: string): EncodedText | "binary" | null {
  if (value.length < 5 || value.slice(0, 5).toLowerCase() !== "data:") return null;
  const m = DATA_URL.exec(value);
  if (m === null) return null;
  const header = m[0];
  const mediaType = m[1] ?? "";
  const base64 = /;base64$/i.test(m[2] ?? "");
  const payload = value.slice(header.length);
  if (base64 && !isTextualMediaType(mediaType)) return "binary";
  if (base64) return { text: decodeBase64(payload), encode: (d) => header + Buffer.from(d, "utf8").toString("base64") };
  return { text: decodePercent(payload), encode: (d) => header + encodeURIComponent(d) };
}

/** A raw base64 payload whose media type is declared next to it (`{type: "base64", media_type, data}`). */
export function base64Text(value: string, mediaType: string): EncodedText | "binary" {
  if (!isTextualMediaType(mediaType)) return "binary";
  return { text: decodeBase64(value), encode: (d) => Buffer.from(d, "utf8").toString("base64") };
}
