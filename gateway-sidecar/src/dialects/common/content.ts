import { isRecord, type JsonRecord, type TextSlot } from "./json.js";
import type { NonContent } from "./non-content.js";
import type { Dialect, StreamHooks } from "./types.js";
import { allSlots, walkSlots } from "./walk.js";

/**
 * Everything in a request body the model or a tool can read: dialect slots (with roles) + the rest.
 * Callers that already hold `dialect.requestSlots(body)` pass it so the body is walked once.
 */
export function requestContentSlots(dialect: Dialect, body: JsonRecord, dialectSlots = dialect.requestSlots(body)): TextSlot[] {
  return allSlots(body, dialectSlots, dialect.requestNonContent, "field");
}

/** Everything in a response body (any status) the client gets: dialect slots + the rest. */
export function responseContentSlots(dialect: Dialect, body: unknown): TextSlot[] {
  const slots = isRecord(body) ? dialect.responseSlots(body) : [];
  return allSlots(body, slots, dialect.responseNonContent, "output");
}

/**
 * Logprobs repeat the output token by token (text and UTF-8 bytes), so a redaction in the text is
 * undone by them. Rule: whenever a response had something redacted, every `logprobs` in it is
 * emptied (null, or [] where the API uses arrays); streams drop them whenever output is scanned,
 * since tokens would leave before the hold-back decides. Returns true when something was dropped.
 */
export function dropLogprobs(root: unknown): boolean {
  let changed = false;
  const stack: unknown[] = [root];
  for (let v = stack.pop(); v !== undefined || stack.length > 0; v = stack.pop()) {
    if (Array.isArray(v)) {
      for (const x of v) if (typeof x === "object" && x !== null) stack.push(x);
    } else if (isRecord(v)) {
      if (emptyLogprobs(v)) changed = true;
      for (const x of Object.values(v)) if (typeof x === "object" && x !== null) stack.push(x);
    }
  }
  return changed;
}

function emptyLogprobs(obj: JsonRecord): boolean {
  const x = obj.logprobs;
  if (x === null || x === undefined || (Array.isArray(x) && x.length === 0)) return false;
  obj.logprobs = Array.isArray(x) ? [] : null;
  return true;
}

/**
 * Stream events: every string not already routed through the hold-back (`nonContent` lists those
 * too) is scanned whole; logprobs are dropped. Returns true when the event was changed and must be
 * re-serialized. Throws (via hooks.output) on a blocking finding.
 */
export function scanEventRest(hooks: StreamHooks, nonContent: NonContent, event: JsonRecord): boolean {
  if (!hooks.scanning) return false;
  const redacted = hooks.output(walkSlots(event, { nonContent, covered: [], role: "output" }));
  const dropped = dropLogprobs(event);
  return redacted || dropped;
}
