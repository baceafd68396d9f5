import { onlyDigits } from "./digits.js";

// RFC 2606 / 6761 reserved names and image-suffix look-alikes ("icon@2x.png") are not PII.
const RESERVED_DOMAINS = /(?:^|\.)(?:example\.(?:com|org|net)|test|invalid|localhost|local|example)$/i;
const FILE_TLDS = new Set(["png", "jpg", "jpeg", "gif", "svg", "webp", "js", "ts", "css", "json", "md", "py", "map"]);
const ROLE_LOCALS = new Set(["git", "noreply", "no-reply", "user", "username", "email", "you", "name", "someone", "foo", "test"]);

/** E-mail address that identifies a person: not a reserved/doc domain or SSH/git remote. */
export function emailValid(raw: string): boolean {
  const at = raw.lastIndexOf("@");
  const local = raw.slice(0, at).toLowerCase();
  const domain = raw.slice(at + 1).toLowerCase();
  const tld = domain.slice(domain.lastIndexOf(".") + 1);
  if (at <= 0 || at > 64 || domain.length > 253 || domain.split(".").some((l) => l.length === 0 || l.length > 63)) return false;
  if (RESERVED_DOMAINS.test(domain) || FILE_TLDS.has(tld) || ROLE_LOCALS.has(local)) return false;
  return !/^\d+$/.test(tld) && !local.startsWith(".") && !local.endsWith(".");
}

/** International number: 8-15 digits (E.164), no leading zero country code, not a repetition. */
export function e164Valid(raw: string): boolean {
  const d = onlyDigits(raw);
  if (d.length < 8 || d.length > 15 || d.startsWith("0")) return false;
  return new Set(d).size >= 3;
}

/** NANP: area and exchange codes start 2-9, are not N11, and the area's middle digit is not 9. */
export function nanpValid(raw: string): boolean {
  let d = onlyDigits(raw);
  if (d.length === 11 && d.startsWith("1")) d = d.slice(1);
  if (d.length !== 10) return false;
  const area = d.slice(0, 3);
  const exchange = d.slice(3, 6);
  const n11 = (code: string): boolean => code.slice(1) === "11";
  if (/^[01]/.test(area) || /^[01]/.test(exchange) || n11(area) || n11(exchange) || area.charAt(1) === "9") return false;
  return !(exchange === "555" && d.slice(6, 8) === "01"); // 555-01xx is reserved for fiction
}

/** National number with the expected digit count (after removing separators and country code). */
export function digitCountIn(raw: string, min: number, max: number): boolean {
  const d = onlyDigits(raw);
  return d.length >= min && d.length <= max && new Set(d).size >= 3;
}
