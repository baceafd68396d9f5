import { anthropicMessages } from "./anthropic-messages/dialect.js";
import { openAiChat } from "./openai-chat/dialect.js";
import { openAiCompletions } from "./openai-completions/dialect.js";
import { openAiEmbeddings } from "./openai-embeddings/dialect.js";
import { openAiResponses } from "./openai-responses/dialect.js";
import type { Dialect } from "./common/types.js";

/** Every route the proxy serves, one dialect each. */
export const DIALECTS: readonly Dialect[] = [openAiChat, openAiCompletions, openAiResponses, openAiEmbeddings, anthropicMessages];
