import { hostname } from "node:os";
import { z } from "zod";
import { OP_ERR, OperatorError } from "./errors.js";

const seconds = z.coerce.number().positive();

const configSchema = z.object({
  kubeconfig: z.string().optional(),
  fieldManager: z.string().min(1).default("aispm-operator"),
  healthAddr: z.string().default("127.0.0.1:8081"),
  logLevel: z.enum(["trace", "debug", "info", "warn", "error", "fatal"]).default("info"),
  workers: z.coerce.number().int().min(1).max(64).default(4),
  leaderElection: z.object({
    enabled: z
      .enum(["true", "false"])
      .default("true")
      .transform((v) => v === "true"),
    namespace: z.string().default("default"),
    leaseName: z.string().default("aispm-operator-leader"),
    identity: z.string().default(`${hostname()}-${process.pid}`),
    leaseDurationSeconds: seconds.default(15),
    renewDeadlineSeconds: seconds.default(10),
    retryPeriodSeconds: seconds.default(2),
  }),
  resyncSeconds: seconds.default(600),
  shutdownGraceSeconds: seconds.default(20),
});

export type OperatorConfig = z.infer<typeof configSchema>;

/** The only place that reads the environment. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): OperatorConfig {
  const parsed = configSchema.safeParse({
    kubeconfig: env.KUBECONFIG,
    fieldManager: env.AISPM_FIELD_MANAGER,
    healthAddr: env.AISPM_HEALTH_ADDR,
    logLevel: env.AISPM_LOG_LEVEL,
    workers: env.AISPM_WORKERS,
    leaderElection: {
      enabled: env.AISPM_LEADER_ELECT,
      namespace: env.AISPM_LEADER_NAMESPACE ?? env.POD_NAMESPACE,
      leaseName: env.AISPM_LEADER_LEASE,
      identity: env.AISPM_LEADER_IDENTITY ?? env.POD_NAME,
      leaseDurationSeconds: env.AISPM_LEASE_DURATION_SECONDS,
      renewDeadlineSeconds: env.AISPM_RENEW_DEADLINE_SECONDS,
      retryPeriodSeconds: env.AISPM_RETRY_PERIOD_SECONDS,
    },
    resyncSeconds: env.AISPM_RESYNC_SECONDS,
    shutdownGraceSeconds: env.AISPM_SHUTDOWN_GRACE_SECONDS,
  });
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new OperatorError(OP_ERR.CONFIG, `invalid configuration: ${issues}`);
  }
  return parsed.data;
}
