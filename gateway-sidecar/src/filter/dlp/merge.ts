import type { DlpAction, DlpFinding } from "../types.js";

const ACTION_RANK: Readonly<Record<DlpAction, number>> = { block: 3, redact: 2, log: 1 };

export function actionRank(action: DlpAction): number {
  return ACTION_RANK[action];
}

/** Finding plus the detector priority used to break overlaps. */
export interface RankedFinding {
  readonly finding: DlpFinding;
  readonly priority: number;
}

function stronger(a: RankedFinding, b: RankedFinding): number {
  const byAction = actionRank(b.finding.action) - actionRank(a.finding.action);
  if (byAction !== 0) return byAction;
  if (a.priority !== b.priority) return b.priority - a.priority;
  return b.finding.end - b.finding.start - (a.finding.end - a.finding.start);
}

/**
 * Drops findings that sit entirely inside a stronger one (stronger = harsher action,
 * then more specific detector, then longer). Partial overlaps are both kept so the
 * redaction still covers the union. Output is ordered by position.
 */
export function mergeFindings(ranked: readonly RankedFinding[]): DlpFinding[] {
  const sorted = [...ranked].sort(stronger);
  const kept: DlpFinding[] = [];
  for (const r of sorted) {
    const f = r.finding;
    if (kept.some((g) => g.start <= f.start && f.end <= g.end)) continue;
    kept.push(f);
  }
  return kept.sort((a, b) => a.start - b.start || b.end - a.end);
}
