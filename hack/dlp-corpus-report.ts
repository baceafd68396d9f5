// Recall / false-positive rate of the default filter over the labelled DLP corpus.
// Run: npx tsx hack/dlp-corpus-report.ts   (the unit suite asserts the same figures)
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { BUILTIN_DETECTORS, compileFilter, type GatewayPolicySpec } from "../gateway-sidecar/src/filter/index.js";

const CORPUS_DIR = join(dirname(fileURLToPath(import.meta.url)), "../test/fixtures/dlp");

interface Positive {
  text: string;
  detector: string;
}

interface Negative {
  text: string;
}

export interface Rate {
  hits: number;
  total: number;
}

export interface CorpusReport {
  recall: Rate;
  falsePositives: Rate;
  perSet: Map<string, { recall: Rate; falsePositives: Rate }>;
  misses: string[];
  falseAlarms: string[];
}

function readJsonl<T>(name: string): T[] {
  return readFileSync(join(CORPUS_DIR, name), "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as T);
}

const DEFAULT_POLICY: GatewayPolicySpec = { podSelector: {}, failMode: "closed" };
const SET_OF = new Map(BUILTIN_DETECTORS.map((d) => [d.id, d.set]));
const SETS = [...new Set(BUILTIN_DETECTORS.map((d) => d.set))];

export function evaluateCorpus(): CorpusReport {
  const filter = compileFilter(DEFAULT_POLICY);
  const perSet = new Map(SETS.map((s) => [s, { recall: { hits: 0, total: 0 }, falsePositives: { hits: 0, total: 0 } }]));
  const report: CorpusReport = {
    recall: { hits: 0, total: 0 },
    falsePositives: { hits: 0, total: 0 },
    perSet,
    misses: [],
    falseAlarms: [],
  };
  for (const p of readJsonl<Positive>("positives.jsonl")) {
    const set = SET_OF.get(p.detector) ?? p.detector;
    const found = filter.scan(p.text, { injection: false }).findings.some((f) => f.detectorId === p.detector || f.set === p.detector);
    const bucket = perSet.get(set)?.recall;
    report.recall.total++;
    if (bucket !== undefined) bucket.total++;
    if (found) {
      report.recall.hits++;
      if (bucket !== undefined) bucket.hits++;
    } else report.misses.push(`${p.detector}: ${p.text.slice(0, 90)}`);
  }
  for (const n of readJsonl<Negative>("negatives.jsonl")) {
    const findings = filter.scan(n.text, { injection: false }).findings;
    report.falsePositives.total++;
    if (findings.length > 0) {
      report.falsePositives.hits++;
      report.falseAlarms.push(`${findings.map((f) => f.detectorId).join(",")}: ${n.text.slice(0, 90)}`);
    }
    const flagged = new Set(findings.map((f) => f.set));
    for (const [set, r] of perSet) {
      r.falsePositives.total++;
      if (flagged.has(set)) r.falsePositives.hits++;
    }
  }
  return report;
}

export function ratio(r: Rate): number {
  return r.total === 0 ? 0 : r.hits / r.total;
}

function pct(r: Rate): string {
  return `${(ratio(r) * 100).toFixed(1)}% (${r.hits}/${r.total})`;
}

function main(): void {
  const report = evaluateCorpus();
  console.log("set".padEnd(20), "recall".padEnd(18), "false-positive rate");
  for (const [set, r] of report.perSet) console.log(set.padEnd(20), pct(r.recall).padEnd(18), pct(r.falsePositives));
  console.log("overall".padEnd(20), pct(report.recall).padEnd(18), pct(report.falsePositives));
  for (const m of report.misses) console.log("MISS", m);
  for (const f of report.falseAlarms) console.log("FP  ", f);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) main();
