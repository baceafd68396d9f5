import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

export interface OperatorMetrics {
  registry: Registry;
  reconcileTotal: Counter<"kind" | "result">;
  reconcileDuration: Histogram<"kind">;
  reconcileErrors: Counter<"kind">;
  queueDepth: Gauge<"kind">;
  statusWrites: Counter<"kind">;
  isLeader: Gauge;
}

export function createMetrics(): OperatorMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "aispm_operator_" });
  return {
    registry,
    reconcileTotal: new Counter({
      name: "aispm_reconcile_total",
      help: "Reconciles by kind and result",
      labelNames: ["kind", "result"],
      registers: [registry],
    }),
    reconcileDuration: new Histogram({
      name: "aispm_reconcile_duration_seconds",
      help: "Reconcile duration",
      labelNames: ["kind"],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    reconcileErrors: new Counter({
      name: "aispm_reconcile_errors_total",
      help: "Reconciles that failed",
      labelNames: ["kind"],
      registers: [registry],
    }),
    queueDepth: new Gauge({
      name: "aispm_workqueue_depth",
      help: "Keys waiting in the work queue",
      labelNames: ["kind"],
      registers: [registry],
    }),
    statusWrites: new Counter({
      name: "aispm_status_writes_total",
      help: "Status subresource writes",
      labelNames: ["kind"],
      registers: [registry],
    }),
    isLeader: new Gauge({ name: "aispm_leader", help: "1 while this replica holds the leader lease", registers: [registry] }),
  };
}
