// Cron validation shared by the CRD (OpenAPI pattern + one CEL rule, enforced by the API server
// at apply time) and the zod schema the operator parses with. Both are built from the same
// pieces here so the API server and the operator cannot disagree about what a schedule means.

/** Upper-case three-letter names; cron implementations differ on case, so we accept one spelling. */
export const MONTH_NAMES = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"] as const;
export const DAY_NAMES = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"] as const;
export const CRON_MACROS = ["yearly", "annually", "monthly", "weekly", "daily", "midnight", "hourly"] as const;

export interface CronField {
  name: string;
  min: number;
  max: number;
  /**
   * RE2- and ECMAScript-compatible alternation matching exactly the values min..max (one
   * optional leading zero allowed) plus the field's names. Written out by hand because the
   * bounds must live in the regex itself for the API server to enforce them.
   */
  value: string;
}

export const CRON_FIELDS: readonly CronField[] = [
  { name: "minute", min: 0, max: 59, value: "[0-5]?[0-9]" },
  { name: "hour", min: 0, max: 23, value: "[01]?[0-9]|2[0-3]" },
  { name: "day-of-month", min: 1, max: 31, value: "0?[1-9]|[12][0-9]|3[01]" },
  { name: "month", min: 1, max: 12, value: ["0?[1-9]|1[0-2]", ...MONTH_NAMES].join("|") },
  // 0 and 7 both mean Sunday, as in Vixie cron and Kubernetes CronJob.
  { name: "day-of-week", min: 0, max: 7, value: ["0?[0-7]", ...DAY_NAMES].join("|") },
];

/** A step is 1..99: `/0` would never fire, and no field spans more than 60 values. */
const STEP = "[1-9][0-9]?";

/** One field: a comma list of `*`, a value or an `a-b` range, each with an optional `/step`. */
export function cronFieldPattern(field: CronField): string {
  const v = `(${field.value})`;
  const item = `(\\*|${v}(-${v})?)(/${STEP})?`;
  return `${item}(,${item})*`;
}

/** Anchored pattern for spec.schedule: five fields separated by spaces, or an @macro. */
export const CRON_PATTERN = `^(${CRON_FIELDS.map(cronFieldPattern).join(" +")}|@(${CRON_MACROS.join("|")}))$`;

/**
 * Longest schedule accepted. It also bounds CRON_RANGE_RULE's estimated cost, which grows with the
 * string: the API server accepts the rule at 128 and 256 but refuses it at 1024 (15x over budget).
 */
export const CRON_MAX_LENGTH = 128;

const NAME_VALUES: Record<string, number> = Object.fromEntries([
  ...MONTH_NAMES.map((n, i) => [n, i + 1] as const),
  ...DAY_NAMES.map((n, i) => [n, i] as const),
]);

/** A range as both checks find it: two values of at most two digits, or three-letter names. */
const RANGE_FINDER = "([0-9]{1,2}|[A-Z]{3})-([0-9]{1,2}|[A-Z]{3})";

/**
 * CEL for what the pattern cannot say: every `a-b` range runs forwards (a <= b). `findAll` pulls
 * out the ranges in one pass; splitting the expression into fields and items instead nests three
 * loops over a string the cost estimator assumes is all separators, which the API server refuses
 * as over budget (measured: over 100x at maxLength 128). `[x].all(v, ...)` binds a local name.
 * Ends that are neither a known name nor digits are skipped rather than failing evaluation: the
 * pattern already rejects them, and a CEL error would only add noise to the message.
 */
export const CRON_RANGE_RULE = [
  `[{${Object.entries(NAME_VALUES)
    .map(([n, v]) => `'${n}': ${v}`)
    .join(", ")}}].all(m, `,
  `self.findAll('${RANGE_FINDER}').all(x, [x.split('-')].all(r, `,
  "!r.all(v, v in m || v.size() <= 2) || ",
  "(r[0] in m ? m[r[0]] : int(r[0])) <= (r[1] in m ? m[r[1]] : int(r[1])))))",
].join("");

export const CRON_RANGE_MESSAGE = "every range in spec.schedule must run forwards (start <= end), e.g. 10-30 rather than 30-10";

/** A range end as CRON_RANGE_RULE reads it; undefined for three letters that are not a name. */
const rangeEnd = (v: string): number | undefined => NAME_VALUES[v] ?? (v.length <= 2 ? Number(v) : undefined);

/** The first `a-b` range whose start is after its end, found exactly as CRON_RANGE_RULE finds it; undefined if none. */
export function reversedCronRange(expr: string): string | undefined {
  for (const [range, a = "", b = ""] of expr.matchAll(new RegExp(RANGE_FINDER, "g"))) {
    const [start, end] = [rangeEnd(a), rangeEnd(b)];
    if (start !== undefined && end !== undefined && start > end) return range;
  }
  return undefined;
}

/**
 * IANA time zone name such as `UTC`, `Europe/Berlin`, `America/Argentina/Buenos_Aires` or
 * `Etc/GMT+5`: letters first, then letters, digits, `_`, `+`, `-`, in up to three `/` parts.
 */
export const TIME_ZONE_PATTERN = "^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+){0,2}$";

/** Whether this runtime's time zone database knows the zone (a pattern cannot say). */
export function isKnownTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
