/** Keeps only ASCII digits ("4111 1111-..." → "41111111..."). */
export function onlyDigits(value: string): string {
  let out = "";
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) out += value.charAt(i);
  }
  return out;
}

/** Digit at position i as a number (0 when out of range, callers check length first). */
export function digitAt(digits: string, i: number): number {
  return digits.charCodeAt(i) - 0x30;
}

/** True when every character is the same (000000000, 1111111111): never a real identifier. */
export function allSame(value: string): boolean {
  for (let i = 1; i < value.length; i++) if (value.charCodeAt(i) !== value.charCodeAt(0)) return false;
  return true;
}
