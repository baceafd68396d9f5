import { allSame, digitAt, onlyDigits } from "./digits.js";

// SSNs used in advertising / documentation that the SSA voided.
const VOID_SSNS = new Set(["078051120", "219099999", "123456789"]);

/** US SSN: area not 000/666/9xx, group not 00, serial not 0000; consistent separators. */
export function ssnValid(raw: string): boolean {
  const d = onlyDigits(raw);
  if (d.length !== 9 || VOID_SSNS.has(d) || allSame(d)) return false;
  const sep = raw.replace(/\d/g, "");
  if (sep.length !== 0 && sep.length !== 2) return false;
  if (sep.length === 2 && sep.charAt(0) !== sep.charAt(1)) return false;
  const area = d.slice(0, 3);
  return area !== "000" && area !== "666" && !area.startsWith("9") && d.slice(3, 5) !== "00" && d.slice(5) !== "0000";
}

/** US ITIN: 9xx-[50-65|70-88|90-92|94-99]-xxxx. */
export function itinValid(raw: string): boolean {
  const d = onlyDigits(raw);
  if (d.length !== 9 || !d.startsWith("9")) return false;
  const g = Number(d.slice(3, 5));
  return (g >= 50 && g <= 65) || (g >= 70 && g <= 88) || (g >= 90 && g <= 92) || (g >= 94 && g <= 99);
}

/** ABA routing number: 3-7-1 weighted checksum and a valid Federal Reserve prefix. */
export function abaRoutingValid(raw: string): boolean {
  const d = onlyDigits(raw);
  if (d.length !== 9 || allSame(d)) return false;
  const prefix = Number(d.slice(0, 2));
  if (!(prefix <= 12 || (prefix >= 21 && prefix <= 32) || (prefix >= 61 && prefix <= 72) || prefix === 80)) return false;
  const w = [3, 7, 1];
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += digitAt(d, i) * (w[i % 3] ?? 0);
  return sum % 10 === 0;
}
