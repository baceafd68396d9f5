/** Operator error codes; the table in docs/errors.md documents each one. */
export const OP_ERR = {
  CONFIG: "OP_ERR_CONFIG",
  KUBECONFIG: "OP_ERR_KUBECONFIG",
  CREDENTIALS: "OP_ERR_CREDENTIALS",
  API: "OP_ERR_API",
  API_CONFLICT: "OP_ERR_API_CONFLICT",
  WATCH_GONE: "OP_ERR_WATCH_GONE",
  INVALID_OBJECT: "OP_ERR_INVALID_OBJECT",
  LEADER_LOST: "OP_ERR_LEADER_LOST",
  FINALIZER: "OP_ERR_FINALIZER",
} as const;
export type OpErrorCode = (typeof OP_ERR)[keyof typeof OP_ERR];

export class OperatorError extends Error {
  constructor(
    readonly code: OpErrorCode,
    message: string,
    readonly status?: number,
  ) {
    super(`${code}: ${message}`);
    this.name = "OperatorError";
  }
}

/** A reconcile error retrying cannot fix (e.g. an object the schema rejects); the key is not requeued. */
export class TerminalError extends OperatorError {
  constructor(code: OpErrorCode, message: string) {
    super(code, message);
    this.name = "TerminalError";
  }
}
