import { NonContent, OPENAI_TOOL_CHOICE, type NonContentRule } from "./non-content.js";

/**
 * Per-dialect lists of string fields that are not content (see non-content.ts). Only strings are
 * ever scanned, so numeric/boolean knobs (temperature, max_tokens, stream...) need no entry. Kept
 * short on purpose: everything not listed — names, metadata, user, stop, tool descriptions and
 * schemas, response_format schemas, prediction, prompt variables, URLs — is scanned.
 * docs/gateway.md ("What is scanned") mirrors these lists.
 */
const p = (paths: readonly string[], prefix = ""): NonContentRule[] => paths.map((path) => ({ path: prefix + path }));

// ---- requests ------------------------------------------------------------------------------

export const CHAT_REQUEST = new NonContent([
  ...p(["model", "service_tier", "reasoning_effort", "verbosity", "modalities.*", "audio.voice", "audio.format"]),
  ...p(["response_format.type", "prediction.type", "tool_choice.type", "web_search_options.search_context_size", "tools.*.type"]),
  ...p(["messages.*.role", "messages.*.tool_call_id", "messages.*.tool_calls.*.id", "messages.*.tool_calls.*.type"]),
  ...p(["messages.*.audio.id", "messages.*.content.*.type", "messages.*.content.*.image_url.detail"]),
  // raw base64 audio (binary; a data URL would be decoded instead), file ids
  ...p(["messages.*.content.*.input_audio.format", "messages.*.content.*.input_audio.data", "messages.*.content.*.file.file_id"]),
  { path: "tool_choice", values: OPENAI_TOOL_CHOICE },
  { path: "function_call", values: ["none", "auto"] },
]);

export const COMPLETIONS_REQUEST = new NonContent(p(["model"]));

export const EMBEDDINGS_REQUEST = new NonContent(p(["model", "encoding_format"]));

export const RESPONSES_REQUEST = new NonContent([
  ...p(["model", "previous_response_id", "conversation", "conversation.id", "service_tier", "truncation", "tool_choice.type"]),
  ...p(["reasoning.effort", "reasoning.summary", "reasoning.generate_summary", "text.format.type", "text.verbosity", "include.*"]),
  ...p(["prompt.id", "prompt.version", "tools.*.type"]),
  ...p(["type", "role", "id", "call_id", "status", "encrypted_content", "content.*.type", "content.*.detail"], "input.*."),
  ...p(["content.*.file_id", "content.*.format", "summary.*.type"], "input.*."),
  { path: "tool_choice", values: OPENAI_TOOL_CHOICE },
]);

export const ANTHROPIC_REQUEST = new NonContent([
  ...p(["model", "service_tier", "thinking.type", "tool_choice.type", "tools.*.type", "tools.*.cache_control.type"]),
  ...p(["system.*.type", "system.*.cache_control.type", "system.*.cache_control.ttl", "messages.*.role"]),
  // block discriminators, ids, thinking signatures and redacted_thinking `data` (opaque, encrypted)
  ...p(
    ["type", "id", "tool_use_id", "signature", "data", "cache_control.type", "source.type", "source.media_type"],
    "messages.*.content.*.",
  ),
  ...p(["source.file_id", "content.*.type", "content.*.source.type", "content.*.source.media_type"], "messages.*.content.*."),
]);

// ---- responses (JSON bodies and stream events share one list per dialect) -------------------

const CHAT_CHOICE = ["finish_reason", "message.role", "delta.role", "message.tool_calls.*.id", "message.tool_calls.*.type"];
const CHAT_CHOICE_MORE = ["delta.tool_calls.*.id", "delta.tool_calls.*.type", "message.audio.id", "delta.audio.id"];
// generated audio is binary base64
const CHAT_CHOICE_AUDIO = ["message.audio.data", "delta.audio.data", "message.audio.format", "message.annotations.*.type"];

export const CHAT_RESPONSE = new NonContent([
  ...p(["id", "object", "model", "system_fingerprint", "service_tier"]),
  ...p([...CHAT_CHOICE, ...CHAT_CHOICE_MORE, ...CHAT_CHOICE_AUDIO], "choices.*."),
]);

export const COMPLETIONS_RESPONSE = new NonContent([
  ...p(["id", "object", "model", "system_fingerprint"]),
  ...p(["finish_reason"], "choices.*."),
]);

// base64 embeddings (encoding_format: base64) are vectors, not text
export const EMBEDDINGS_RESPONSE = new NonContent(p(["object", "model", "data.*.object", "data.*.embedding"]));

const RESPONSES_ITEM = ["id", "type", "status", "role", "call_id", "encrypted_content", "content.*.type", "summary.*.type"];
// image generation results are base64 images
const RESPONSES_ITEM_MORE = ["result", "content.*.annotations.*.type", "output_format", "quality", "size", "background"];
const RESPONSES_BODY = [
  ...["id", "object", "model", "status", "service_tier", "previous_response_id", "truncation", "tool_choice.type"],
  ...["reasoning.effort", "reasoning.summary", "text.format.type", "text.verbosity", "tools.*.type", "incomplete_details.reason"],
  ...["conversation.id", "prompt.id", "prompt.version"],
];
const RESPONSES_BODY_RULES = [
  ...p(RESPONSES_BODY),
  ...p([...RESPONSES_ITEM, ...RESPONSES_ITEM_MORE], "output.*."),
  { path: "tool_choice", values: OPENAI_TOOL_CHOICE },
];

export const RESPONSES_RESPONSE = new NonContent([
  ...RESPONSES_BODY_RULES,
  // stream events: the event envelope, the response snapshot, the item and part they carry
  ...p(["type", "item_id", "obfuscation", "part.type", "error.type"]),
  ...RESPONSES_BODY_RULES.map((r) => ({ ...r, path: `response.${r.path}` })),
  ...p([...RESPONSES_ITEM, ...RESPONSES_ITEM_MORE], "item."),
]);

const ANTHROPIC_BLOCK = ["type", "id", "tool_use_id", "signature", "data", "content.*.type", "content.*.encrypted_content"];
const ANTHROPIC_BLOCK_MORE = ["content.*.encrypted_index", "citations.*.type", "citations.*.encrypted_index"];
const ANTHROPIC_BODY = [
  ...p(["id", "type", "role", "model", "stop_reason", "container.id"]),
  ...p([...ANTHROPIC_BLOCK, ...ANTHROPIC_BLOCK_MORE], "content.*."),
];

export const ANTHROPIC_RESPONSE = new NonContent([
  ...ANTHROPIC_BODY,
  ...ANTHROPIC_BODY.map((r) => ({ ...r, path: `message.${r.path}` })),
  ...p([...ANTHROPIC_BLOCK, ...ANTHROPIC_BLOCK_MORE], "content_block."),
  ...p(["delta.type", "delta.signature", "delta.stop_reason", "delta.citation.type", "error.type"]),
]);
