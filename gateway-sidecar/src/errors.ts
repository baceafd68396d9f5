import { BundleError } from "@aispm/api/bundle";

/**
 * Gateway error codes. Every refusal the sidecar makes carries one; docs/errors.md documents each
 * (a unit test keeps the two in sync). `status` is the HTTP status used when the code reaches a client.
 */
export const GW_ERRORS = {
  GW_ERR_NO_POLICY: { status: 503, type: "unavailable" },
  GW_ERR_SHUTTING_DOWN: { status: 503, type: "unavailable" },
  GW_ERR_BUFFER_EXHAUSTED: { status: 503, type: "unavailable" },
  GW_ERR_BAD_REQUEST: { status: 400, type: "invalid_request_error" },
  GW_ERR_BODY_TOO_LARGE: { status: 413, type: "invalid_request_error" },
  GW_ERR_NOT_FOUND: { status: 404, type: "invalid_request_error" },
  GW_ERR_UPSTREAM_UNKNOWN: { status: 400, type: "invalid_request_error" },
  GW_ERR_UPSTREAM_NOT_ALLOWED: { status: 403, type: "policy_violation" },
  GW_ERR_DLP_BLOCKED: { status: 403, type: "policy_violation" },
  GW_ERR_INJECTION_BLOCKED: { status: 403, type: "policy_violation" },
  GW_ERR_TOOL_NOT_ALLOWED: { status: 403, type: "policy_violation" },
  GW_ERR_BUDGET_UNPRICED: { status: 403, type: "policy_violation" },
  GW_ERR_RATE_LIMITED: { status: 429, type: "rate_limit_error" },
  GW_ERR_BUDGET_EXCEEDED: { status: 429, type: "budget_exceeded" },
  GW_ERR_RESPONSE_BLOCKED: { status: 502, type: "policy_violation" },
  GW_ERR_TOOL_CALL_BLOCKED: { status: 502, type: "policy_violation" },
  GW_ERR_UPSTREAM_UNREACHABLE: { status: 502, type: "upstream_error" },
  GW_ERR_UPSTREAM_PROTOCOL: { status: 502, type: "upstream_error" },
  GW_ERR_UPSTREAM_TIMEOUT: { status: 504, type: "upstream_error" },
  GW_ERR_INTERNAL: { status: 500, type: "internal_error" },
  // Policy bundle verification: a refused bundle is logged and counted, the last good one keeps enforcing.
  GW_ERR_POLICY_UNREADABLE: { status: 503, type: "policy_error" },
  GW_ERR_POLICY_MALFORMED: { status: 503, type: "policy_error" },
  GW_ERR_POLICY_UNSIGNED: { status: 503, type: "policy_error" },
  GW_ERR_POLICY_BAD_SIGNATURE: { status: 503, type: "policy_error" },
  GW_ERR_POLICY_UNKNOWN_KEY: { status: 503, type: "policy_error" },
  GW_ERR_POLICY_KEY_REVOKED: { status: 503, type: "policy_error" },
  GW_ERR_POLICY_EXPIRED: { status: 503, type: "policy_error" },
  GW_ERR_POLICY_NOT_YET_VALID: { status: 503, type: "policy_error" },
  GW_ERR_POLICY_ROLLBACK: { status: 503, type: "policy_error" },
  GW_ERR_POLICY_INVALID: { status: 503, type: "policy_error" },
  GW_ERR_POLICY_PATTERN: { status: 503, type: "policy_error" },
  GW_ERR_KEYS_INVALID: { status: 503, type: "policy_error" },
  // Process level: startup and CLI.
  GW_ERR_CONFIG: { status: 500, type: "config_error" },
  GW_ERR_STATE_CORRUPT: { status: 500, type: "state_error" },
  GW_ERR_STATE_WRITE: { status: 500, type: "state_error" },
  GW_ERR_CLI_USAGE: { status: 400, type: "config_error" },
} as const satisfies Record<string, { status: number; type: string }>;

export type GwErrorCode = keyof typeof GW_ERRORS;

export interface GatewayErrorOptions {
  detectors?: readonly string[];
  retryAfterSec?: number;
  cause?: unknown;
}

export class GatewayError extends Error {
  readonly status: number;
  readonly type: string;
  readonly detectors: readonly string[];
  readonly retryAfterSec: number | undefined;

  constructor(
    readonly code: GwErrorCode,
    message: string,
    options: GatewayErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "GatewayError";
    this.status = GW_ERRORS[code].status;
    this.type = GW_ERRORS[code].type;
    this.detectors = options.detectors ?? [];
    this.retryAfterSec = options.retryAfterSec;
  }
}

export interface ErrorBody {
  error: { type: string; code: GwErrorCode; message: string; detectors: string[] };
}

/** The JSON body every gateway refusal uses, on every route and in stream error events. */
export function errorBody(err: GatewayError): ErrorBody {
  return { error: { type: err.type, code: err.code, message: err.message, detectors: [...err.detectors] } };
}

export function isGatewayError(err: unknown): err is GatewayError {
  return err instanceof GatewayError;
}

/** Wraps anything thrown into a GatewayError without leaking internals to the client. */
export function toGatewayError(err: unknown): GatewayError {
  if (err instanceof GatewayError) return err;
  // Bundle refusals from the shared API module already carry a GW_ERR_* code.
  if (err instanceof BundleError) return new GatewayError(err.code, err.message);
  return new GatewayError("GW_ERR_INTERNAL", "internal gateway error", { cause: err });
}
