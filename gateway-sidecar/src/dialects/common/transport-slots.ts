import type { TextSlot } from "./json.js";

/**
 * Headers that are protocol, not content: credentials (the client's own provider key must reach the
 * provider), content negotiation, and the providers' and the gateway's protocol headers. Every other
 * forwarded header is scanned; a finding there refuses the request (headers are not rewritten).
 */
const HEADER_ALLOW = new Set([
  "authorization",
  "x-api-key",
  "api-key",
  "content-type",
  "content-length",
  "accept",
  "accept-encoding",
  "user-agent",
  "host",
]);
const HEADER_ALLOW_PREFIXES = ["openai-", "anthropic-", "x-aispm-"];

export function isProtocolHeader(name: string): boolean {
  const n = name.toLowerCase();
  return HEADER_ALLOW.has(n) || HEADER_ALLOW_PREFIXES.some((p) => n.startsWith(p));
}

/** One read-only slot per scanned header value (`set` is a no-op: a finding refuses instead). */
export function headerSlots(headers: Readonly<Record<string, string | string[] | number | undefined>>): { name: string; slot: TextSlot }[] {
  const out: { name: string; slot: TextSlot }[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (isProtocolHeader(name) || value === undefined) continue;
    const values = Array.isArray(value) ? value : [String(value)];
    for (const text of values) {
      if (text.length > 0) out.push({ name, slot: { text, role: "field", set: () => undefined } });
    }
  }
  return out;
}

/** Query string names and values (decoded) as slots; `serialize` rebuilds the query after redaction. */
export function querySlots(search: string): { slots: TextSlot[]; serialize(): string } {
  const entries: [string, string][] = [...new URLSearchParams(search).entries()];
  const slots: TextSlot[] = [];
  for (const entry of entries) {
    if (entry[0].length > 0) slots.push({ text: entry[0], role: "field", set: (v) => (entry[0] = v) });
    if (entry[1].length > 0) slots.push({ text: entry[1], role: "field", set: (v) => (entry[1] = v) });
  }
  return {
    slots,
    serialize: () => {
      const s = new URLSearchParams(entries).toString();
      return s === "" ? "" : `?${s}`;
    },
  };
}
