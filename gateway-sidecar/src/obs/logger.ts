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
