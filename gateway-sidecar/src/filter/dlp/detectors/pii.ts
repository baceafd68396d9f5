import { PRIORITY, type DetectorDef } from "../detector.js";
import { digitCountIn, e164Valid, emailValid, nanpValid } from "../validators/contact.js";

const set = "pii-contact";
const priority = PRIORITY.contact;

export const PII_DETECTORS: readonly DetectorDef[] = [
  {
    id: "email-address",
    set,
    description: "E-mail address (reserved/doc domains and git remotes excluded)",
    // Not right after ':' or '/': "scheme://user:pass@host" is a URL credential, not an address.
    // Unbounded classes keep the DFA small; length limits are checked in the validator.
    pattern: String.raw`(?:^|[^A-Za-z0-9._%+\-:/])([A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,24})\b`,
    prefilter: String.raw`[A-Za-z0-9]@[A-Za-z0-9\-]+\.`,
    validate: emailValid,
    maxLen: 254,
    priority,
  },
  {
    id: "phone-e164",
    set,
    description: "International phone number (+CC ..., 8-15 digits)",
    pattern: String.raw`(?:^|[^\w+])(\+[1-9]\d{0,2}(?:[ .\-]?\(?\d{1,4}\)?){1,2}(?:[ .\-]?\d{2,4}){2,4})\b`,
    prefilter: String.raw`\+[1-9]\d{0,2}[ .\-(]?\d`,
    validate: e164Valid,
    maxLen: 24,
    priority: priority - 1, // national formats are more specific
  },
  {
    id: "phone-nanp",
    set,
    description: "US/Canada phone number ((NXX) NXX-XXXX, NXX-NXX-XXXX, NXX.NXX.XXXX)",
    pattern: String.raw`(?:^|[^\w+\-.])((?:\+?1[ .\-]?)?(?:\([2-9]\d{2}\)\s?|[2-9]\d{2}[ .\-])[2-9]\d{2}[ .\-]\d{4})\b`,
    prefilter: String.raw`\d{3}[ .\-]\d{4}`,
    validate: nanpValid,
    maxLen: 20,
    priority,
  },
  {
    id: "phone-uk",
    set,
    description: "UK national phone number (07xxx xxxxxx, 020 xxxx xxxx, 01xxx xxxxxx)",
    pattern: String.raw`(?:^|[^\w+])((?:07\d{3}|01\d{3}|02\d)[ \-]?\d{3,4}[ \-]?\d{3,4})\b`,
    prefilter: String.raw`0[127]\d{2,3}[ \-]?\d{3}`,
    validate: (v) => digitCountIn(v, 11, 11),
    maxLen: 15,
    priority,
  },
  {
    id: "phone-fr",
    set,
    description: "French national phone number (0X XX XX XX XX)",
    pattern: String.raw`(?:^|[^\w+])(0[1-9](?:[ .]\d{2}){4})\b`,
    prefilter: String.raw`0[1-9][ .]\d{2}[ .]\d{2}`,
    validate: (v) => digitCountIn(v, 10, 10),
    maxLen: 14,
    priority,
  },
  {
    id: "phone-de",
    set,
    description: "German mobile number (015x/016x/017x ...)",
    pattern: String.raw`(?:^|[^\w+])(01[5-7]\d{1,2}[ \-/]\d{3,4}[ \-]?\d{3,5})\b`,
    prefilter: String.raw`01[5-7]\d{1,2}[ \-/]\d{3}`,
    validate: (v) => digitCountIn(v, 10, 12),
    maxLen: 16,
    priority,
  },
  {
    id: "phone-in",
    set,
    description: "Indian mobile number (+91 / 5-5 grouping, starts 6-9)",
    pattern: String.raw`(?:^|[^\w+])((?:\+91[ \-]?)[6-9]\d{4}[ \-]?\d{5}|[6-9]\d{4}[ \-]\d{5})\b`,
    prefilter: String.raw`[6-9]\d{4}[ \-]?\d{5}`,
    validate: (v) => digitCountIn(v, 10, 12),
    maxLen: 16,
    priority,
  },
];
