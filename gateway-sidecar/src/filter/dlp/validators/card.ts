import { allSame, onlyDigits } from "./digits.js";
import { luhnValid } from "./luhn.js";

// Published test PANs appear in every payment-API doc; flagging them is pure noise.
const TEST_PANS = new Set([
  "4111111111111111",
  "4242424242424242",
  "4012888888881881",
  "4000056655665556",
  "5555555555554444",
  "5105105105105100",
  "2223003122003222",
  "378282246310005",
  "371449635398431",
  "6011111111111117",
  "6011000990139424",
  "3056930009020004",
  "36227206271667",
  "3566002020360505",
  "6200000000000005",
  "4222222222222",
  "4000000000000002",
  "4000000000000077",
]);

// [prefix digits, low, high, min length, max length] per network.
const IIN_RULES: readonly (readonly [number, number, number, number, number])[] = [
  [1, 4, 4, 13, 19], // Visa (13, 16, 19 checked below)
  [2, 51, 55, 16, 16],
  [4, 2221, 2720, 16, 16], // Mastercard
  [2, 34, 34, 15, 15],
  [2, 37, 37, 15, 15], // Amex
  [4, 6011, 6011, 16, 19],
  [2, 65, 65, 16, 19],
  [3, 644, 649, 16, 19],
  [6, 622126, 622925, 16, 19], // Discover
  [4, 3528, 3589, 16, 19], // JCB
  [3, 300, 305, 14, 19],
  [2, 36, 36, 14, 19],
  [2, 38, 39, 14, 19],
  [4, 3095, 3095, 14, 19], // Diners
  [2, 62, 62, 16, 19], // UnionPay
  [2, 50, 50, 12, 19],
  [2, 56, 58, 12, 19],
  [2, 63, 63, 12, 19],
  [2, 67, 67, 12, 19], // Maestro
  [4, 2200, 2204, 16, 16], // Mir
];

/** Issuer (IIN) prefix and length rules for the major networks. */
export function cardIinValid(pan: string): boolean {
  if (pan.startsWith("4")) return pan.length === 13 || pan.length === 16 || pan.length === 19;
  return IIN_RULES.some(([digits, lo, hi, min, max]) => {
    const p = Number(pan.slice(0, digits));
    return p >= lo && p <= hi && pan.length >= min && pan.length <= max;
  });
}

/** Separators, if any, must be one consistent character between digit groups of sane sizes. */
function groupingValid(raw: string): boolean {
  const groups = raw.split(/[ -]/);
  if (groups.length === 1) return true;
  const seps = raw.replace(/\d/g, "");
  if (!allSame(seps)) return false;
  const sizes = groups.map((g) => g.length).join(",");
  if (sizes === "4,6,5" || sizes === "4,6,4") return true; // Amex / Diners
  const last = groups[groups.length - 1] ?? "";
  return groups.slice(0, -1).every((g) => g.length === 4) && last.length >= 1 && last.length <= 4;
}

/** Payment card number: grouping, IIN range and length, Luhn; published test numbers excluded. */
export function cardValid(raw: string): boolean {
  const pan = onlyDigits(raw);
  if (pan.length < 12 || pan.length > 19 || TEST_PANS.has(pan) || allSame(pan.slice(1))) return false;
  return groupingValid(raw) && cardIinValid(pan) && luhnValid(pan);
}
