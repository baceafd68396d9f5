import type { CompiledFilter, DlpFinding } from "../filter/types.js";

export interface Release {
  /** text the client may receive now (redactions applied) */
  text: string;
  /** findings inside the released text, plus block findings (offsets relative to the channel's whole text) */
  findings: DlpFinding[];
  /** non-empty: a block-action detector fired; nothing further may be released */
  blocked: DlpFinding[];
}

/**
 * Left context kept from released text. The filter releases a contextual detector's keyword
 * ("password =", "ssn:", "Authorization: Bearer") before its value arrives; the value can only
 * be recognised if the keyword is still in the scanned text, so keep as much as the longest
 * match with spaces (keyword + gap + value) can reach back.
 */
const CONTEXT_CHARS = 512;

/**
 * DLP for streamed text of one channel. The filter says from where a match could still be in
 * progress (`holdFrom`: the trailing token, a trailing run of number groups or seed words, an
 * open key block); everything before that is final and may go out, the tail is held. Prose
 * therefore flows about one word behind the model. A match that straddles the release point
 * is held whole. Nothing of a secret is released before the scan that decides about it.
 */
export class HoldbackScanner {
  private context = "";
  private pending = "";
  /** absolute offset of `pending[0]` in the channel's whole text (for audit offsets) */
  private released = 0;
  private isBlocked = false;

  constructor(private readonly filter: CompiledFilter) {}

  get holding(): number {
    return this.pending.length;
  }

  push(delta: string): Release {
    if (this.isBlocked) return { text: "", findings: [], blocked: [] };
    this.pending += delta;
    const limit = this.filter.holdFrom(this.context + this.pending) - this.context.length;
    // Nothing can be released yet: skip the scan, the next push or end() will do it.
    if (limit <= 0) return { text: "", findings: [], blocked: [] };
    return this.release(limit);
  }

  end(): Release {
    if (this.isBlocked || this.pending.length === 0) return { text: "", findings: [], blocked: [] };
    return this.release(this.pending.length);
  }

  /** Scans everything unreleased; lets out at most `limit` characters of it. */
  private release(limit: number): Release {
    const base = this.context.length;
    const whole = this.context + this.pending;
    const scan = this.filter.scan(whole, { injection: false });
    // Clip to the unreleased part: findings wholly inside the context were handled when it went out.
    const local = scan.findings
      .filter((f) => f.end > base)
      .map((f) => ({ ...f, start: Math.max(f.start, base) - base, end: f.end - base }));
    const blocked = local.filter((f) => f.action === "block");
    if (blocked.length > 0) {
      this.isBlocked = true;
      return { text: "", findings: this.absolute(local), blocked: this.absolute(blocked) };
    }
    const cut = this.cutPoint(local, limit);
    const inside = local.filter((f) => f.end <= cut);
    const redact = inside.filter((f) => f.action === "redact");
    const out = this.pending.slice(0, cut);
    const text = redact.length > 0 ? this.filter.redact(out, redact) : out;
    const findings = this.absolute(inside);
    this.context = (this.context + out).slice(-CONTEXT_CHARS);
    this.pending = this.pending.slice(cut);
    this.released += cut;
    return { text, findings, blocked: [] };
  }

  /** Release point: before the held tail, moved left so no redaction is cut in two. */
  private cutPoint(findings: readonly DlpFinding[], limit: number): number {
    let cut = limit;
    const redacting = findings.filter((f) => f.action === "redact");
    let moved = true;
    while (moved) {
      moved = false;
      for (const f of redacting) {
        if (f.start < cut && f.end > cut) {
          cut = f.start;
          moved = true;
        }
      }
    }
    return cut;
  }

  private absolute(findings: readonly DlpFinding[]): DlpFinding[] {
    return findings.map((f) => ({ ...f, start: f.start + this.released, end: f.end + this.released }));
  }
}
