/** Raised by compileFilter when a policy cannot be turned into a working filter. */
export class FilterConfigError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = "FilterConfigError";
    this.code = code;
  }
}

export const GW_ERR_POLICY_PATTERN = "GW_ERR_POLICY_PATTERN";
