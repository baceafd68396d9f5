import { GatewayError } from "../errors.js";

// Fields every supported dialect multiplies or adds into the reservation. The dialects read them
// leniently (a string or a negative number falls back or goes through), so the budget validates
// them strictly first: `max_tokens: -1000000` used to make the reservation negative.
const MAX_FIELDS = ["max_tokens", "max_completion_tokens", "max_output_tokens"] as const;
const COUNT_FIELDS = ["n", "best_of"] as const;

/** Throws 400 GW_ERR_BAD_REQUEST naming the field when an output limit is not a sane integer. */
export function checkOutputLimits(body: Readonly<Record<string, unknown>>): void {
  for (const field of MAX_FIELDS) {
    const v = body[field];
    if (v === undefined || v === null) continue;
    if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0) {
      throw new GatewayError("GW_ERR_BAD_REQUEST", `${field} must be a non-negative integer`);
    }
  }
  for (const field of COUNT_FIELDS) {
    const v = body[field];
    if (v === undefined || v === null) continue;
    if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 1 || v > 128) {
      throw new GatewayError("GW_ERR_BAD_REQUEST", `${field} must be an integer from 1 to 128`);
    }
  }
}
