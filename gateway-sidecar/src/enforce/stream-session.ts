import { GatewayError } from "../errors.js";
import type { CompiledFilter, DlpFinding } from "../filter/types.js";
import type { TextSlot } from "../dialects/common/json.js";
import type { StreamHooks, Usage } from "../dialects/common/types.js";
import { inspectSlots, toAuditFinding, type AuditFinding } from "./inspect.js";
import type { SseEvent } from "../codec/sse.js";
import { checkResponseTools } from "./tool-allowlist.js";
import { HoldbackScanner, type Release } from "./holdback.js";

export interface SessionOptions {
  /** null: response DLP is off (no policy in fail-open, or dlp.scanResponses=false) */
  filter: CompiledFilter | null;
  /** null: tools are not restricted */
  allowedTools: ReadonlySet<string> | null;
  onFindings(findings: AuditFinding[]): void;
}

interface Channel {
  scanner: HoldbackScanner | null;
  makeEvent: (released: string) => SseEvent;
}

/** Per-stream enforcement state shared by the dialect adapters: hold-back channels, tools, usage. */
export class StreamSession implements StreamHooks {
  private readonly channels = new Map<string, Channel>();
  readonly reported: Partial<Usage> = {};
  /** characters of streamed text seen, to estimate usage when the upstream never reports it */
  outputChars = 0;

  readonly scanning: boolean;

  constructor(private readonly options: SessionOptions) {
    this.scanning = options.filter !== null;
  }

  text(channel: string, delta: string, makeEvent: (released: string) => SseEvent): string {
    this.outputChars += delta.length;
    let ch = this.channels.get(channel);
    if (ch === undefined) {
      ch = { scanner: this.options.filter === null ? null : new HoldbackScanner(this.options.filter), makeEvent };
      this.channels.set(channel, ch);
    } else {
      ch.makeEvent = makeEvent;
    }
    return ch.scanner === null ? delta : this.settle(ch.scanner.push(delta));
  }

  flush(prefix: string): SseEvent[] {
    const out: SseEvent[] = [];
    for (const [key, ch] of this.channels) {
      if (!key.startsWith(prefix)) continue;
      this.channels.delete(key);
      const text = ch.scanner === null ? "" : this.settle(ch.scanner.end());
      if (text.length > 0) out.push(ch.makeEvent(text));
    }
    return out;
  }

  flushAll(): SseEvent[] {
    return this.flush("");
  }

  tool(name: string): void {
    checkResponseTools([name], this.options.allowedTools);
  }

  output(slots: TextSlot[]): boolean {
    if (this.options.filter === null || slots.length === 0) return false;
    const inspection = inspectSlots(this.options.filter, slots, "response");
    if (inspection.findings.length > 0) this.options.onFindings(inspection.findings);
    if (inspection.block !== null) {
      throw new GatewayError("GW_ERR_RESPONSE_BLOCKED", "model output matched a blocking detector", {
        detectors: inspection.block.detectors,
      });
    }
    return inspection.redactedSlots > 0;
  }

  usage(usage: Partial<Usage>): void {
    // Streams report cumulative counts, sometimes more than once: keep the largest.
    if (usage.inputTokens !== undefined) this.reported.inputTokens = Math.max(this.reported.inputTokens ?? 0, usage.inputTokens);
    if (usage.outputTokens !== undefined) this.reported.outputTokens = Math.max(this.reported.outputTokens ?? 0, usage.outputTokens);
  }

  private settle(release: Release): string {
    if (release.findings.length > 0) {
      this.options.onFindings(release.findings.map((f: DlpFinding) => toAuditFinding(f, 0, "stream")));
    }
    if (release.blocked.length > 0) {
      const detectors = [...new Set(release.blocked.map((f) => f.detectorId))];
      throw new GatewayError("GW_ERR_RESPONSE_BLOCKED", "streamed model output matched a blocking detector", { detectors });
    }
    return release.text;
  }
}
