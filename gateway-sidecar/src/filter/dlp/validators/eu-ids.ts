import { allSame, digitAt, onlyDigits } from "./digits.js";

const NINO_BAD_PREFIX = new Set(["BG", "GB", "KN", "NK", "NT", "TN", "ZZ"]);

/** UK National Insurance number: prefix letter rules, six digits, suffix A-D. */
export function ninoValid(raw: string): boolean {
  const v = raw.replace(/\s/g, "").toUpperCase();
  if (!/^[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]$/.test(v)) return false;
  return !NINO_BAD_PREFIX.has(v.slice(0, 2));
}

/** German Steuer-IdNr: 11 digits, ISO 7064 MOD 11,10 check, one digit repeated 2-3 times in the first 10. */
export function deTaxIdValid(raw: string): boolean {
  const d = onlyDigits(raw);
  if (d.length !== 11 || d.startsWith("0")) return false;
  const counts = new Map<string, number>();
  for (const ch of d.slice(0, 10)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  const repeated = [...counts.values()].filter((n) => n > 1);
  if (repeated.length !== 1 || (repeated[0] ?? 0) > 3) return false;
  let product = 10;
  for (let i = 0; i < 10; i++) {
    let sum = (digitAt(d, i) + product) % 10;
    if (sum === 0) sum = 10;
    product = (sum * 2) % 11;
  }
  const check = (11 - product) % 10;
  return check === digitAt(d, 10);
}

/** French NIR (INSEE): 13 digits (Corsica 2A/2B) + 2-digit key = 97 - n mod 97. */
export function frNirValid(raw: string): boolean {
  const v = raw.replace(/\s/g, "").toUpperCase();
  if (!/^[12]\d{4}(?:\d{2}|2A|2B)\d{6}\d{2}$/.test(v)) return false;
  const body = v.slice(0, 13).replace("2A", "19").replace("2B", "18");
  const key = Number(v.slice(13));
  return 97 - Number(BigInt(body) % 97n) === key;
}

const DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE";

/** Spanish DNI / NIE: control letter = table[number mod 23]. */
export function esDniValid(raw: string): boolean {
  const v = raw.replace(/-/g, "").toUpperCase();
  const m = /^([XYZ]?)(\d{7,8})([A-Z])$/.exec(v);
  if (m === null) return false;
  const [, nie = "", digits = "", letter = ""] = m;
  if (nie === "" && digits.length !== 8) return false;
  if (nie !== "" && digits.length !== 7) return false;
  const prefix = nie === "" ? "" : String("XYZ".indexOf(nie)); // NIE: X→0, Y→1, Z→2
  return DNI_LETTERS.charAt(Number(prefix + digits) % 23) === letter;
}

/** Dutch BSN: 9 digits, "11-proef" with weights 9..2 and -1. */
export function nlBsnValid(raw: string): boolean {
  const d = onlyDigits(raw);
  if (d.length !== 9 || allSame(d)) return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += digitAt(d, i) * (9 - i);
  sum -= digitAt(d, 8);
  return sum % 11 === 0 && sum !== 0;
}

/** Polish PESEL: weights 1,3,7,9 and a plausible birth month (with century offsets). */
export function plPeselValid(raw: string): boolean {
  const d = onlyDigits(raw);
  if (d.length !== 11 || allSame(d)) return false;
  const month = Number(d.slice(2, 4)) % 20;
  const day = Number(d.slice(4, 6));
  if (month < 1 || month > 12 || day < 1 || day > 31) return false;
  const w = [1, 3, 7, 9];
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += digitAt(d, i) * (w[i % 4] ?? 0);
  return (10 - (sum % 10)) % 10 === digitAt(d, 10);
}

const CF_ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];

function cfValue(ch: string, odd: boolean): number {
  const c = ch.charCodeAt(0);
  const idx = c <= 0x39 ? c - 0x30 : c - 0x41;
  return odd ? (CF_ODD[idx] ?? 0) : idx;
}

/** Italian codice fiscale: 16 chars, last is a check letter over odd/even position tables. */
export function itCodiceFiscaleValid(raw: string): boolean {
  const v = raw.toUpperCase();
  if (!/^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/.test(v)) return false;
  let sum = 0;
  for (let i = 0; i < 15; i++) sum += cfValue(v.charAt(i), i % 2 === 0);
  return String.fromCharCode(0x41 + (sum % 26)) === v.charAt(15);
}
