import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { ProviderUsage } from "../limits/budget.js";

/** Prometheus metrics on the sidecar's own registry (one per gateway instance, so tests can run several). */
export class GatewayMetrics {
  readonly registry = new Registry();
  readonly requests: Counter<"route" | "status">;
  readonly decisions: Counter<"stage" | "action" | "detector">;
  readonly filterSeconds: Histogram<"stage">;
  readonly upstreamSeconds: Histogram<"provider" | "outcome">;
  readonly budgetUsed: Gauge<"provider" | "period" | "unit">;
  readonly policyVersion: Gauge;
  readonly policyReloads: Counter<"result" | "code">;
  readonly refusals: Counter<"code">;
  readonly inflight: Gauge;
  readonly bufferedBytes: Gauge;

  constructor(options: { defaultMetrics: boolean }) {
    const registers = [this.registry];
    this.requests = new Counter({
      name: "aispm_gateway_requests_total",
      help: "Proxied requests by route and final status",
      labelNames: ["route", "status"],
      registers,
    });
    this.decisions = new Counter({
      name: "aispm_gateway_decisions_total",
      help: "Filter decisions by stage (request, response, stream), action and detector",
      labelNames: ["stage", "action", "detector"],
      registers,
    });
    this.filterSeconds = new Histogram({
      name: "aispm_gateway_filter_duration_seconds",
      help: "Time spent in the DLP/injection filter per request or response body",
      labelNames: ["stage"],
      buckets: [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05],
      registers,
    });
    this.upstreamSeconds = new Histogram({
      name: "aispm_gateway_upstream_duration_seconds",
      help: "Upstream exchange duration (until the last byte)",
      labelNames: ["provider", "outcome"],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
      registers,
    });
    this.budgetUsed = new Gauge({
      name: "aispm_gateway_budget_used",
      help: "Settled budget usage in the current period",
      labelNames: ["provider", "period", "unit"],
      registers,
    });
    this.policyVersion = new Gauge({
      name: "aispm_gateway_policy_version",
      help: "Version of the policy bundle in force (0: none)",
      registers,
    });
    this.policyReloads = new Counter({
      name: "aispm_gateway_policy_reloads_total",
      help: "Policy bundle load attempts by result and error code",
      labelNames: ["result", "code"],
      registers,
    });
    this.refusals = new Counter({
      name: "aispm_gateway_refusals_total",
      help: "Requests refused by the gateway, by GW_ERR code",
      labelNames: ["code"],
      registers,
    });
    this.inflight = new Gauge({ name: "aispm_gateway_inflight_requests", help: "Requests currently being proxied", registers });
    this.bufferedBytes = new Gauge({
      name: "aispm_gateway_buffered_bytes",
      help: "Bytes of request and non-streamed upstream bodies held in memory (capped by AISPM_GW_BUFFER_LIMIT_BYTES)",
      registers,
    });
    if (options.defaultMetrics) collectDefaultMetrics({ register: this.registry, prefix: "aispm_gateway_" });
  }

  recordBudget(provider: string, usage: ProviderUsage): void {
    for (const period of ["daily", "monthly"] as const) {
      this.budgetUsed.set({ provider, period, unit: "tokens" }, usage[period].tokens);
      this.budgetUsed.set({ provider, period, unit: "cost_usd" }, usage[period].costUSD);
    }
  }
}
