import { parseKeysFile as parseKeys, type TrustStore } from "@aispm/api/bundle";
import { toGatewayError } from "../errors.js";

export type { TrustStore };

/** Parses the mounted keys file; a bad file is refused with GW_ERR_KEYS_INVALID like any other policy error. */
export function parseKeysFile(text: string): TrustStore {
  try {
    return parseKeys(text);
  } catch (err) {
    throw toGatewayError(err);
  }
}
