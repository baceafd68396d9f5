import type { Logger } from "pino";
import type { AuditFinding, Inspection } from "../enforce/inspect.js";
import { keyedHashHex, newHashKey } from "../filter/hash.js";
import type { GatewayMetrics } from "./metrics.js";

export type Stage = "request" | "response" | "stream";

export interface DecisionEvent {
  requestId: string;
  route: string;
  provider: string;
  agent: string;
  stage: Stage;
  decision: string;
  findings: readonly AuditFinding[];
  injection?: Inspection["injection"];
  code?: string;
}

export interface AuditLogOptions {
  /**
   * Secret key for the `hmac` of each finding (see `loadOrCreateAuditKey`). Without one a random
   * per-process key is used: hashes are then comparable only within one process lifetime.
   */
  readonly hashKey?: Uint8Array;
}

/**
 * Audit trail of enforcement decisions. Only detector ids, keyed hashes, offsets and codes are
 * written: never prompt or completion text, never headers. A finding's `hmac` is
 * HMAC-SHA-256(key, sha256 of the matched text): a plain digest of a 9-digit SSN or a card
 * number would give the value back to anyone who enumerates the space.
 */
export class AuditLog {
  private readonly hashKey: Uint8Array;

  constructor(
    private readonly logger: Logger,
    private readonly metrics: GatewayMetrics,
    options: AuditLogOptions = {},
  ) {
    this.hashKey = options.hashKey ?? newHashKey();
  }

  /** The logged hash of a finding whose matched text has the given sha256 (also for correlating in tests and tools). */
  findingHash(sha256: string): string {
    return keyedHashHex(this.hashKey, sha256);
  }

  decision(ev: DecisionEvent): void {
    for (const f of ev.findings) this.metrics.decisions.inc({ stage: ev.stage, action: f.action, detector: f.detectorId });
    if (ev.findings.length === 0) this.metrics.decisions.inc({ stage: ev.stage, action: ev.decision, detector: "none" });
    if (ev.decision === "allow" && ev.code === undefined) return;
    this.logger.info(
      {
        event: "gateway.decision",
        requestId: ev.requestId,
        route: ev.route,
        provider: ev.provider,
        agent: ev.agent,
        stage: ev.stage,
        decision: ev.decision,
        code: ev.code,
        findings: ev.findings.map((f) => ({
          detectorId: f.detectorId,
          set: f.set,
          action: f.action,
          hmac: this.findingHash(f.sha256),
          start: f.start,
          end: f.end,
          view: f.view,
          slot: f.slot,
          role: f.role,
        })),
        injection: ev.injection ?? undefined,
      },
      "gateway decision",
    );
  }

  refusal(requestId: string, route: string, code: string, detectors: readonly string[]): void {
    this.metrics.refusals.inc({ code });
    this.logger.info({ event: "gateway.refusal", requestId, route, code, detectors }, "request refused");
  }
}
