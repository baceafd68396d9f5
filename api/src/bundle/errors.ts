/**
 * Codes a bundle can be refused with. They are the gateway's GW_ERR_POLICY_* / GW_ERR_KEYS_* codes
 * (docs/errors.md) because the sidecar is where a refusal reaches people; the operator and the CLI
 * see the same codes when they sign or check a bundle.
 */
export type BundleErrorCode =
  | "GW_ERR_POLICY_MALFORMED"
  | "GW_ERR_POLICY_UNSIGNED"
  | "GW_ERR_POLICY_BAD_SIGNATURE"
  | "GW_ERR_POLICY_UNKNOWN_KEY"
  | "GW_ERR_POLICY_KEY_REVOKED"
  | "GW_ERR_POLICY_EXPIRED"
  | "GW_ERR_POLICY_NOT_YET_VALID"
  | "GW_ERR_POLICY_ROLLBACK"
  | "GW_ERR_KEYS_INVALID";

export class BundleError extends Error {
  constructor(
    readonly code: BundleErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "BundleError";
  }
}
