import type { SseEvent } from "../../codec/sse.js";
import { EMBEDDINGS_REQUEST, EMBEDDINGS_RESPONSE } from "../common/non-content-lists.js";
import { stringOrStrings, type TextSlot } from "../common/json.js";
import { modelOf, openAiErrorEvent, openAiUsage } from "../common/openai-common.js";
import type { Dialect, StreamAdapter } from "../common/types.js";

/** Embeddings never stream; an upstream that streams anyway is passed through untouched (no text in vectors). */
const passthrough: StreamAdapter = { onEvent: (ev: SseEvent) => [ev], onEnd: () => [] };

export const openAiEmbeddings: Dialect = {
  id: "openai-embeddings",
  path: "/v1/embeddings",
  requestNonContent: EMBEDDINGS_REQUEST,
  responseNonContent: EMBEDDINGS_RESPONSE,
  defaultUpstream: "openai",
  streams: false,
  model: modelOf,
  wantsStream: () => false,
  requestSlots(body) {
    const out: TextSlot[] = [];
    // Token-id arrays (number[] / number[][]) carry no text we can scan.
    stringOrStrings(body, "input", "user", out);
    return out;
  },
  requestTools: () => [],
  stripTools: () => [],
  maxOutputTokens: () => 0,
  prepareStream: () => ({ hideUsageChunk: false }),
  responseSlots: () => [],
  responseTools: () => [],
  responseUsage: openAiUsage,
  streamAdapter: () => passthrough,
  errorEvent: openAiErrorEvent,
};
