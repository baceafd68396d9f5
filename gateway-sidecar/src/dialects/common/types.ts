import type { ErrorBody } from "../../errors.js";
import type { SseEvent } from "../../codec/sse.js";
import type { JsonRecord, TextSlot } from "./json.js";
import type { NonContent } from "./non-content.js";

export interface Usage {
  inputTokens: number;
  outputTokens: number;
}

/** What a stream adapter may ask of the stream session: DLP hold-back, tool checks, usage. */
export interface StreamHooks {
  /** Feeds streamed text of one channel through the hold-back scanner; returns what may be released now. */
  text(channel: string, delta: string, makeEvent: (released: string) => SseEvent): string;
  /** Releases what is still held for every channel whose key starts with `prefix`, as events built by their makeEvent. */
  flush(prefix: string): SseEvent[];
  flushAll(): SseEvent[];
  /** Throws GW_ERR_TOOL_CALL_BLOCKED when `name` is outside the allowlist. */
  tool(name: string): void;
  /** Scans complete texts (done events, whole event JSON); redacts in place (true when it did), throws on block. */
  output(slots: TextSlot[]): boolean;
  /** response output is being scanned (a policy with response DLP is in force) */
  readonly scanning: boolean;
  usage(usage: Partial<Usage>): void;
}

export interface StreamAdapter {
  /** Maps one upstream event to the events the client gets (possibly none, possibly several). */
  onEvent(ev: SseEvent): SseEvent[];
  /** Upstream ended: whatever is still held. */
  onEnd(): SseEvent[];
}

export interface StreamOptions {
  /** the gateway asked the upstream for a usage chunk the client did not ask for: do not forward it */
  hideUsageChunk: boolean;
}

/** One API shape (OpenAI chat, Anthropic messages...): where text, tools, usage and limits live. */
export interface Dialect {
  readonly id: string;
  readonly path: string;
  /** configured upstream used when the request does not pick one */
  readonly defaultUpstream: string;
  readonly streams: boolean;
  model(body: JsonRecord): string;
  wantsStream(body: JsonRecord): boolean;
  /** Role-labelled prompt texts (injection scoring, audit roles); the default-deny walk adds the rest. */
  requestSlots(body: JsonRecord): TextSlot[];
  /** String fields of a request that are not content (never scanned). */
  readonly requestNonContent: NonContent;
  /** String fields of a response body or stream event that are not content. */
  readonly responseNonContent: NonContent;
  requestTools(body: JsonRecord): string[];
  /** Removes tools outside `allowed` (and references to them); returns the names removed. */
  stripTools(body: JsonRecord, allowed: ReadonlySet<string>): string[];
  /** Output tokens the request may consume at most (all choices). */
  maxOutputTokens(body: JsonRecord, fallback: number): number;
  /** Adjusts a streaming request before it goes upstream. */
  prepareStream(body: JsonRecord): StreamOptions;
  responseSlots(body: JsonRecord): TextSlot[];
  responseTools(body: JsonRecord): string[];
  responseUsage(body: JsonRecord): Usage | null;
  streamAdapter(hooks: StreamHooks, options: StreamOptions): StreamAdapter;
  errorEvent(body: ErrorBody): SseEvent;
}

export function parseEventJson(ev: SseEvent): JsonRecord | null {
  try {
    const v: unknown = JSON.parse(ev.data);
    return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as JsonRecord) : null;
  } catch {
    return null;
  }
}
