import type { GwErrorCode } from "../errors.js";
import type { CompiledFilter, DlpFinding, InjectionResult, ScanOptions, ScanResult } from "../filter/types.js";
import type { SlotRole, TextSlot } from "../dialects/common/json.js";

/** A finding as it may be logged: ids, hashes and offsets, never the matched text. */
export interface AuditFinding {
  detectorId: string;
  set: string;
  action: string;
  sha256: string;
  start: number;
  end: number;
  view: string;
  slot: number;
  role: SlotRole | "stream";
}

export interface Inspection {
  decision: "allow" | "log" | "redact" | "block";
  findings: AuditFinding[];
  injection: { score: number; signals: string[]; action: InjectionResult["action"] } | null;
  block: { code: Extract<GwErrorCode, "GW_ERR_DLP_BLOCKED" | "GW_ERR_INJECTION_BLOCKED">; detectors: string[] } | null;
  redactedSlots: number;
}

/** Roles whose text can carry instructions aimed at the model (direct or indirect injection). */
const INJECTION_ROLES: ReadonlySet<SlotRole> = new Set(["user", "system", "tool"]);

export function toAuditFinding(f: DlpFinding, slot: number, role: AuditFinding["role"]): AuditFinding {
  // Pick fields explicitly: whatever else a finding may carry must not reach the logs.
  return { detectorId: f.detectorId, set: f.set, action: f.action, sha256: f.sha256, start: f.start, end: f.end, view: f.view, slot, role };
}

function strongerInjection(a: Inspection["injection"], b: InjectionResult): Inspection["injection"] {
  if (b.action === "none" && b.signals.length === 0) return a;
  if (a !== null && a.score >= b.score) return a;
  return { score: b.score, signals: [...b.signals], action: b.action };
}

interface Tally {
  findings: AuditFinding[];
  toRedact: { slot: TextSlot; findings: DlpFinding[] }[];
  blockDetectors: Set<string>;
  injection: Inspection["injection"];
  injectionBlock: boolean;
}

function emptyTally(): Tally {
  return { findings: [], toRedact: [], blockDetectors: new Set(), injection: null, injectionBlock: false };
}

function scanOptions(slot: TextSlot, mode: "request" | "response"): ScanOptions {
  return { injection: mode === "request" && INJECTION_ROLES.has(slot.role) };
}

function count(t: Tally, slot: TextSlot, index: number, scan: ScanResult): void {
  for (const f of scan.findings) {
    t.findings.push(toAuditFinding(f, index, slot.role));
    if (f.action === "block") t.blockDetectors.add(f.detectorId);
  }
  t.injection = strongerInjection(t.injection, scan.injection);
  if (scan.injection.action === "block") t.injectionBlock = true;
  const redact = scan.findings.filter((f) => f.action === "redact");
  if (redact.length > 0) t.toRedact.push({ slot, findings: redact });
}

function tally(filter: CompiledFilter, slots: readonly TextSlot[], mode: "request" | "response"): Tally {
  const t = emptyTally();
  slots.forEach((slot, i) => {
    count(t, slot, i, filter.scan(slot.text, scanOptions(slot, mode)));
  });
  return t;
}

/** Same as tally, but large texts are scanned in slices that yield to the event loop. */
async function tallyAsync(filter: CompiledFilter, slots: readonly TextSlot[], mode: "request" | "response"): Promise<Tally> {
  const t = emptyTally();
  for (const [i, slot] of slots.entries()) count(t, slot, i, await filter.scanAsync(slot.text, scanOptions(slot, mode)));
  return t;
}

function settle(filter: CompiledFilter, t: Tally): Inspection {
  const { findings, injection } = t;
  if (t.blockDetectors.size > 0 || t.injectionBlock) {
    const injSignals = t.injectionBlock && injection !== null ? injection.signals.map((s) => `injection:${s}`) : [];
    const code = t.blockDetectors.size > 0 ? "GW_ERR_DLP_BLOCKED" : "GW_ERR_INJECTION_BLOCKED";
    return { decision: "block", findings, injection, block: { code, detectors: [...t.blockDetectors, ...injSignals] }, redactedSlots: 0 };
  }
  for (const r of t.toRedact) r.slot.set(filter.redact(r.slot.text, r.findings));
  const decision = t.toRedact.length > 0 ? "redact" : findings.length > 0 || injection !== null ? "log" : "allow";
  return { decision, findings, injection, block: null, redactedSlots: t.toRedact.length };
}

/**
 * Scans every slot, then applies the outcome: nothing on block (the caller refuses), in-place
 * redaction otherwise. `request` mode also scores prompt injection on prompt-like roles.
 */
export function inspectSlots(filter: CompiledFilter, slots: readonly TextSlot[], mode: "request" | "response"): Inspection {
  return settle(filter, tally(filter, slots, mode));
}

/** inspectSlots for whole request bodies: no single slice of the scan holds the event loop for long. */
export async function inspectSlotsAsync(
  filter: CompiledFilter,
  slots: readonly TextSlot[],
  mode: "request" | "response",
): Promise<Inspection> {
  return settle(filter, await tallyAsync(filter, slots, mode));
}
