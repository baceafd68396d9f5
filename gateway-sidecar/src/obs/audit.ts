import type { Logger } from "pino";
import type { AuditFinding, Inspection } from "../enforce/inspect.js";
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

/**
 * Audit trail of enforcement decisions. Only detector ids, sha256 hashes, offsets and codes are
 * written: never prompt or completion text, never headers.
 */
export class AuditLog {
  constructor(
    private readonly logger: Logger,
    private readonly metrics: GatewayMetrics,
  ) {}

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
          sha256: f.sha256,
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
