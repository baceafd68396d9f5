import { near, PRIORITY, type DetectorDef } from "../detector.js";
import { cardValid } from "../validators/card.js";
import { ibanValid } from "../validators/iban.js";
import { abaRoutingValid } from "../validators/us-ids.js";

const set = "financial";

export const FINANCIAL_DETECTORS: readonly DetectorDef[] = [
  {
    id: "payment-card-number",
    set,
    description: "Payment card PAN (IIN ranges, length, Luhn; published test PANs excluded)",
    pattern: String.raw`(?:^|[^\d\-.])(\d(?:[ \-]?\d){11,18})(?:[^\d\-.]|[\-.]\D|[\-.]$|$)`,
    prefilter: String.raw`\d{4}[ \-]?\d{4}[ \-]?\d{4}`,
    validate: cardValid,
    maxLen: 23,
    priority: PRIORITY.checksummed,
  },
  {
    id: "iban",
    set,
    description: "IBAN (country length table + mod-97)",
    pattern: String.raw`\b([A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?)\b`,
    prefilter: String.raw`[A-Z]{2}\d{2} ?[A-Z0-9]{4}`,
    validate: ibanValid,
    maxLen: 42,
    priority: PRIORITY.checksummed,
  },
  {
    id: "us-routing-number",
    set,
    description: "US ABA routing number (checksum) next to routing/ABA wording",
    pattern: near("routing|\\baba\\b|\\brtn\\b|transit", String.raw`\d{9}`, 30),
    prefilter: "(?i:routing|aba|rtn|transit)",
    validate: abaRoutingValid,
    maxLen: 9,
    priority: PRIORITY.checksummed,
  },
  {
    id: "card-security-code",
    set,
    description: "Card CVV/CVC next to its label",
    pattern: String.raw`(?i:\b(?:cvv2?|cvc2?|card security code|security code))\s*[:=#]?\s*(\d{3,4})\b`,
    prefilter: "(?i:cvv|cvc|security code)",
    maxLen: 4,
    priority: PRIORITY.checksummed,
  },
];
