import { near, PRIORITY, type DetectorDef } from "../detector.js";
import { deTaxIdValid, esDniValid, frNirValid, itCodiceFiscaleValid, ninoValid, nlBsnValid, plPeselValid } from "../validators/eu-ids.js";
import { aadhaarValid, brCpfValid, caSinValid, inPanValid } from "../validators/other-ids.js";
import { itinValid, ssnValid } from "../validators/us-ids.js";

const set = "national-ids";
const priority = PRIORITY.checksummed;

interface ContextSpec {
  id: string;
  description: string;
  keywords: string;
  value: string;
  validate: (v: string) => boolean;
  maxLen: number;
}

/** Bare digit runs are too common to flag alone: these need their name nearby. */
function withContext(c: ContextSpec): DetectorDef {
  return {
    id: c.id,
    set,
    description: c.description,
    pattern: near(c.keywords, c.value, 30),
    prefilter: `(?i:${c.keywords})`,
    validate: c.validate,
    maxLen: c.maxLen,
    priority,
  };
}

export const NATIONAL_ID_DETECTORS: readonly DetectorDef[] = [
  {
    id: "us-ssn",
    set,
    description: "US Social Security number (area/group/serial rules, dashed or spaced)",
    pattern: String.raw`(?:^|[^\d\-])(\d{3}[ \-]\d{2}[ \-]\d{4})(?:[^\d\-]|$)`,
    prefilter: String.raw`\d{3}[ \-]\d{2}[ \-]\d{4}`,
    validate: ssnValid,
    maxLen: 11,
    priority,
  },
  withContext({
    id: "us-ssn-undelimited",
    description: "US SSN without separators, next to SSN wording",
    keywords: "\\bssn\\b|social security",
    value: String.raw`\d{9}`,
    validate: ssnValid,
    maxLen: 9,
  }),
  {
    id: "us-itin",
    set,
    description: "US ITIN (9xx-7x-xxxx ranges)",
    pattern: String.raw`(?:^|[^\d\-])(9\d{2}[ \-][5-9]\d[ \-]\d{4})(?:[^\d\-]|$)`,
    prefilter: String.raw`9\d{2}[ \-][5-9]\d[ \-]\d{4}`,
    validate: itinValid,
    maxLen: 11,
    priority: priority + 1,
  },
  {
    id: "uk-nino",
    set,
    description: "UK National Insurance number",
    pattern: String.raw`\b([A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D])\b`,
    validate: ninoValid,
    maxLen: 13,
    priority,
  },
  withContext({
    id: "ca-sin",
    description: "Canadian Social Insurance Number (Luhn) next to SIN wording",
    keywords: "\\bsin\\b|social insurance|\\bnas\\b|assurance sociale",
    value: String.raw`\d{3}[ \-]?\d{3}[ \-]?\d{3}`,
    validate: caSinValid,
    maxLen: 11,
  }),
  {
    id: "in-aadhaar",
    set,
    description: "Indian Aadhaar number (Verhoeff), grouped 4-4-4 or next to Aadhaar wording",
    // The grouped form must stand alone: not a slice of a longer grouped number (IBANs, card PANs).
    pattern: String.raw`(?:^|[^\dA-Z\-\s]\s?|^\s)([2-9]\d{3}[ \-]\d{4}[ \-]\d{4})(?:$|[^\d\-\s]|\s(?:$|\D))|(?i:aadhaa?r|uidai)[^\d\n]{0,30}([2-9]\d{11})\b`,
    prefilter: String.raw`[2-9]\d{3}[ \-]\d{4}[ \-]\d{4}|(?i:aadhaa?r|uidai)`,
    validate: aadhaarValid,
    maxLen: 14,
    priority,
  },
  {
    id: "in-pan",
    set,
    description: "Indian PAN (AAAPA9999A, holder-type letter checked)",
    pattern: String.raw`\b([A-Z]{3}[ABCFGHJLPT][A-Z]\d{4}[A-Z])\b`,
    validate: inPanValid,
    maxLen: 10,
    priority: PRIORITY.contact,
  },
  withContext({
    id: "de-tax-id",
    description: "German tax identification number (Steuer-IdNr, MOD 11,10) next to its name",
    keywords: "steuer-?id|steuerliche|identifikationsnummer|\\bidnr\\b|tax id",
    value: String.raw`\d{2} ?\d{3} ?\d{3} ?\d{3}`,
    validate: deTaxIdValid,
    maxLen: 14,
  }),
  {
    id: "fr-nir",
    set,
    description: "French social security number (NIR / INSEE, key mod 97)",
    pattern: String.raw`\b([12] ?\d{2} ?\d{2} ?(?:\d{2}|2[AB]) ?\d{3} ?\d{3} ?\d{2})\b`,
    prefilter: String.raw`\b[12] ?\d{2} ?\d{2} ?(?:\d{2}|2[AB]) ?\d{3}`,
    validate: frNirValid,
    maxLen: 21,
    priority,
  },
  {
    id: "es-dni",
    set,
    description: "Spanish DNI / NIE (control letter mod 23)",
    pattern: String.raw`\b([XYZ]?\d{7,8}-?[TRWAGMYFPDXBNJZSQVHLCKE])\b`,
    validate: esDniValid,
    maxLen: 10,
    priority,
  },
  withContext({
    id: "nl-bsn",
    description: "Dutch BSN (11-proef) next to BSN wording",
    keywords: "\\bbsn\\b|burgerservicenummer|sofinummer",
    value: String.raw`\d{9}`,
    validate: nlBsnValid,
    maxLen: 9,
  }),
  {
    id: "br-cpf",
    set,
    description: "Brazilian CPF (formatted 000.000.000-00, two mod-11 check digits)",
    pattern: String.raw`\b(\d{3}\.\d{3}\.\d{3}-\d{2})\b`,
    validate: brCpfValid,
    maxLen: 14,
    priority,
  },
  {
    id: "it-codice-fiscale",
    set,
    description: "Italian codice fiscale (check letter)",
    pattern: String.raw`\b([A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z])\b`,
    validate: itCodiceFiscaleValid,
    maxLen: 16,
    priority,
  },
  withContext({
    id: "pl-pesel",
    description: "Polish PESEL (weighted checksum, birth date) next to PESEL wording",
    keywords: "pesel",
    value: String.raw`\d{11}`,
    validate: plPeselValid,
    maxLen: 11,
  }),
];
