/** Filter-only scan cost per MiB for adversarial inputs (dense matches), with the full default policy. */
import { gatewayPolicySpec } from "@aispm/api";
import { compileFilter } from "../../gateway-sidecar/src/filter/index.js";
import { prompt } from "./workload.js";

const MIB = 1024 * 1024;

function fill(unit: string, bytes: number): string {
  return unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes);
}

export const SCAN_INPUTS: readonly { name: string; text: () => string }[] = [
  { name: "prose (no findings)", text: () => prompt(MIB) },
  // matches the SSN pattern everywhere, every match rejected by the validator (well-known sample value)
  { name: "`123-45-6789 ` (rejected)", text: () => fill("123-45-6789 ", MIB) },
  { name: "ssn `536-22-8142 `", text: () => fill("536-22-8142 ", MIB) },
  { name: "`password=hunter2x `", text: () => fill("password=hunter2x ", MIB) },
  { name: "e-mail `j.d@acme-corp.io `", text: () => fill("j.d@acme-corp.io ", MIB) },
  { name: "card `4539148803436467 `", text: () => fill("4539148803436467 ", MIB) },
  { name: "mixed dense", text: () => fill("536-22-8142 password=hunter2x j.d@acme-corp.io 4539148803436467 ", MIB) },
];

export interface ScanRow {
  name: string;
  msPerMiB: number;
  findings: number;
}

/** Best of `reps` scans (sync and async) of 1 MiB of each input; time is the sync median. */
export async function benchScan(reps = 3): Promise<ScanRow[]> {
  const filter = compileFilter(gatewayPolicySpec.parse({ podSelector: {} }));
  filter.scan(prompt(16 * 1024)); // JIT and RE2 warm-up
  const rows: ScanRow[] = [];
  for (const input of SCAN_INPUTS) {
    const text = input.text();
    const times: number[] = [];
    let findings = 0;
    for (let i = 0; i < reps; i++) {
      const t0 = performance.now();
      const r = i % 2 === 0 ? filter.scan(text) : await filter.scanAsync(text);
      times.push(performance.now() - t0);
      findings = r.findings.length;
    }
    times.sort((a, b) => a - b);
    rows.push({ name: input.name, msPerMiB: ((times[Math.floor(times.length / 2)] ?? Number.NaN) * MIB) / text.length, findings });
  }
  return rows;
}
