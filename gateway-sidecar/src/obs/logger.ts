import { createHmac, randomBytes } from "node:crypto";
import { pino, type DestinationStream, type Logger } from "pino";

/**
 * JSON logger. Headers are never logged on purpose; the redact list is a second line of defence
 * in case a request object ever slips into a log call.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { component: "gateway-sidecar" },
    redact: {
      paths: [
        "headers",
        "req.headers",
        "*.headers",
        "authorization",
        "*.authorization",
        '*["x-api-key"]',
        "body",
        "*.body",
        "prompt",
        "*.prompt",
      ],
      censor: "[redacted]",
    },
  };
  return destination === undefined ? pino(options) : pino(options, destination);
}

// Per-process key: labels correlate log lines of one sidecar run without being reversible by a
// dictionary of likely values (agent names are short and guessable, so a plain sha256 would not do).
const LABEL_KEY = randomBytes(32);

/** Keyed, truncated hash for values a client chooses (agent ids) that logs must not carry verbatim. */
export function keyedLabel(value: string): string {
  return `h:${createHmac("sha256", LABEL_KEY).update(value).digest("hex").slice(0, 16)}`;
}
