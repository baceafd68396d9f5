import { allSame, digitAt, onlyDigits } from "./digits.js";
import { luhnValid } from "./luhn.js";
import { verhoeffValid } from "./verhoeff.js";

/** Canadian SIN: 9 digits, Luhn, first digit not 0 or 8 (unassigned). */
export function caSinValid(raw: string): boolean {
  const d = onlyDigits(raw);
  return d.length === 9 && !d.startsWith("0") && !d.startsWith("8") && !allSame(d) && luhnValid(d);
}

/** Indian Aadhaar: 12 digits, first 2-9, Verhoeff check digit. */
export function aadhaarValid(raw: string): boolean {
  const d = onlyDigits(raw);
  return d.length === 12 && /^[2-9]/.test(d) && !allSame(d.slice(0, 11)) && verhoeffValid(d);
}

/** Brazilian CPF: two mod-11 check digits; repeated-digit numbers are invalid. */
export function brCpfValid(raw: string): boolean {
  const d = onlyDigits(raw);
  if (d.length !== 11 || allSame(d)) return false;
  for (const len of [9, 10]) {
    let sum = 0;
    for (let i = 0; i < len; i++) sum += digitAt(d, i) * (len + 1 - i);
    const check = ((sum * 10) % 11) % 10;
    if (check !== digitAt(d, len)) return false;
  }
  return true;
}

/** Indian PAN: AAAAA9999A with a valid holder-type letter in position 4. */
export function inPanValid(raw: string): boolean {
  return /^[A-Z]{3}[ABCFGHJLPT][A-Z]\d{4}[A-Z]$/.test(raw) && !/^(?:ABCDE|AAAAA)/.test(raw);
}
