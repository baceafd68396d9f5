import { anthropicMessages } from "./anthropic-messages.js";
import { openAiChat } from "./openai-chat.js";
import { openAiCompletions } from "./openai-completions.js";
import { openAiEmbeddings } from "./openai-embeddings.js";
import { openAiResponses } from "./openai-responses.js";
import type { Dialect } from "./types.js";

/** Every route the proxy serves, one dialect each. */
export const DIALECTS: readonly Dialect[] = [openAiChat, openAiCompletions, openAiResponses, openAiEmbeddings, anthropicMessages];
