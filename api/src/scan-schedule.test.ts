import RE2 from "re2";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { CRON_FIELDS, CRON_MACROS, CRON_MAX_LENGTH, CRON_RANGE_RULE } from "./cron.js";
import { renderCrds } from "./render.js";
import { scanScheduleSpec } from "./scan-schedule.js";

const schedule = scanScheduleSpec.shape.schedule;
const timeZone = scanScheduleSpec.shape.timeZone;

const VALID = [
  "* * * * *",
  "0 2 * * *",
  "*/15 9-17 * * MON-FRI",
  "0 0 1 JAN *",
  "0,15,30,45 * * * *",
  "5/10 * * * *",
  "1-5/2,10-20 * * * *",
  "59 23 31 12 6",
  "00 05 01 01 0",
  "0 0 * * 7",
  "* * * * 5-7",
  "* * * * SUN-7",
  "0 0 * * SUN-SAT",
  "0 0 * JAN-MAR,OCT-DEC *",
  "0-0 * * * *",
  "0  2  *  *  *",
  "*/99 * * * *",
  ...CRON_MACROS.map((m) => `@${m}`),
];

/** Each with why it is wrong. */
const INVALID: { expr: string; why: string }[] = [
  { expr: "foo foo foo foo foo", why: "words" },
  { expr: "61 * * * *", why: "minute > 59" },
  { expr: "60 * * * *", why: "minute > 59" },
  { expr: "* 24 * * *", why: "hour > 23" },
  { expr: "* * 0 * *", why: "day-of-month < 1" },
  { expr: "* * 32 * *", why: "day-of-month > 31" },
  { expr: "* * * 13 *", why: "month > 12" },
  { expr: "* * * 0 *", why: "month < 1" },
  { expr: "* * * * 8", why: "day-of-week > 7" },
  { expr: "*/0 * * * *", why: "step 0" },
  { expr: "*/100 * * * *", why: "step > 99" },
  { expr: "30-10 * * * *", why: "reversed range" },
  { expr: "* * * DEC-JAN *", why: "reversed month range" },
  { expr: "* * * * FRI-MON", why: "reversed weekday range" },
  { expr: "1-5,20-10/2 * * * *", why: "reversed range later in a list" },
  { expr: "1,2,,3 * * * *", why: "empty list item" },
  { expr: "1, * * * *", why: "trailing comma" },
  { expr: "* * * *", why: "4 fields" },
  { expr: "* * * * * *", why: "6 fields" },
  { expr: "", why: "empty" },
  { expr: " * * * * *", why: "leading space" },
  { expr: "* * * * * ", why: "trailing space" },
  { expr: "0\t2 * * *", why: "tab separator" },
  { expr: "* * * jan *", why: "lower-case name" },
  { expr: "* * * * MON-", why: "open range" },
  { expr: "-1 * * * *", why: "negative" },
  { expr: "*-5 * * * *", why: "range from *" },
  { expr: "* * * FOO *", why: "unknown name" },
  { expr: "* * * MON *", why: "weekday name in the month field" },
  { expr: "@every 1h", why: "unsupported macro" },
  { expr: "@reboot", why: "unsupported macro" },
  { expr: `${Array.from({ length: 50 }, (_, i) => i).join(",")} * * * *`, why: `longer than ${CRON_MAX_LENGTH}` },
];

describe("ScanSchedule spec.schedule", () => {
  it.each(VALID)("accepts %j", (expr) => {
    const result = schedule.safeParse(expr);
    expect(result.success, JSON.stringify(result.error?.issues)).toBe(true);
  });

  it.each(INVALID)("rejects $expr ($why)", ({ expr }) => {
    expect(schedule.safeParse(expr).success).toBe(false);
  });

  it("names the reversed range", () => {
    expect(schedule.safeParse("1-5,20-10/2 * * * *").error?.issues[0]?.message).toMatch(/^range 20-10 runs backwards/);
  });

  it.each(CRON_FIELDS.map((f, i) => ({ ...f, i })))(
    "bounds $name to $min-$max in the pattern, in values, ranges and steps",
    ({ i, min, max }) => {
      const at = (v: string) => CRON_FIELDS.map((_, j) => (j === i ? v : "*")).join(" ");
      for (let n = -1; n <= 100; n++) {
        const inRange = n >= min && n <= max;
        expect(schedule.safeParse(at(String(n))).success, `${n}`).toBe(inRange);
        expect(schedule.safeParse(at(`${min}-${n}/2`)).success, `${min}-${n}/2`).toBe(inRange);
        if (n >= 0 && n <= 9) expect(schedule.safeParse(at(`0${n}`)).success, `0${n}`).toBe(inRange);
      }
    },
  );

  it("puts the same pattern in the CRD, where RE2 (the API server's engine) agrees with the zod schema on every case", () => {
    const crd = parse(renderCrds().find((c) => c.file.includes("scanschedules"))?.yaml ?? "") as {
      spec: {
        versions: {
          schema: {
            openAPIV3Schema: {
              properties: {
                spec: { properties: { schedule: { pattern: string; maxLength: number; "x-kubernetes-validations": { rule: string }[] } } };
              };
            };
          };
        }[];
      };
    };
    const field = crd.spec.versions[0]?.schema.openAPIV3Schema.properties.spec.properties.schedule;
    expect(field?.maxLength).toBe(CRON_MAX_LENGTH);
    expect(field?.["x-kubernetes-validations"].map((v) => v.rule)).toEqual([CRON_RANGE_RULE]);
    const re2 = new RE2(field?.pattern ?? "(?!)");
    const js = new RegExp(field?.pattern ?? "(?!)");
    for (const expr of [...VALID, ...INVALID.map((c) => c.expr)]) expect(re2.test(expr), expr).toBe(js.test(expr));
    // The pattern alone lets reversed ranges through; the CEL rule catches those.
    expect(re2.test("30-10 * * * *")).toBe(true);
  });
});

describe("ScanSchedule spec.timeZone", () => {
  it.each(["UTC", "Europe/Berlin", "America/New_York", "America/Argentina/Buenos_Aires", "Etc/GMT+5"])("accepts %s", (tz) => {
    expect(timeZone.safeParse(tz).success).toBe(true);
  });

  it.each([
    ["", "empty"],
    ["Europe/Berlin/", "trailing slash"],
    ["../etc/passwd", "path"],
    ["+05:00", "offset, not a zone name"],
    ["Europe Berlin", "space"],
    ["Mars/Olympus_Mons", "well-formed but unknown (checked against the runtime's zone database, not by the API server)"],
  ])("rejects %j (%s)", (tz) => {
    expect(timeZone.safeParse(tz).success).toBe(false);
  });
});
