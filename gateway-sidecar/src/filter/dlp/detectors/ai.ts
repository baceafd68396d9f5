import { assigned, near, prefixed, PRIORITY, type DetectorDef } from "../detector.js";
import { looksRandom } from "../validators/secret-value.js";

const set = "ai-provider-keys";

function contextual(id: string, description: string, pattern: string, prefilter: string, maxLen: number): DetectorDef {
  return { id, set, description, pattern, prefilter, maxLen, priority: PRIORITY.contextual, validate: (v) => looksRandom(v, 3.2) };
}

export const AI_DETECTORS: readonly DetectorDef[] = [
  {
    id: "openai-api-key",
    set,
    description: "OpenAI API key with the T3BlbkFJ marker (sk-, sk-proj-, sk-svcacct-, sk-admin-)",
    pattern: String.raw`\bsk-(?:(?:proj|svcacct|admin|None)-)?[A-Za-z0-9_\-]{16,200}T3BlbkFJ[A-Za-z0-9_\-]{16,200}`,
    prefilter: "T3BlbkFJ",
    maxLen: 420,
    priority: PRIORITY.prefixed + 1,
  },
  prefixed(
    {
      id: "openai-project-key",
      set,
      description: "OpenAI project / service-account / admin key without marker",
      pattern: String.raw`\bsk-(?:proj|svcacct|admin)-[A-Za-z0-9_\-]{58,250}`,
      maxLen: 262,
    },
    8,
    4,
  ),
  prefixed(
    {
      id: "anthropic-api-key",
      set,
      description: "Anthropic API / admin key (sk-ant-api03-, sk-ant-admin01-)",
      pattern: String.raw`\bsk-ant-(?:api|admin|oat|sid)\d{2}-[A-Za-z0-9_\-]{80,120}`,
      maxLen: 140,
    },
    14,
    4,
  ),
  {
    // Same shape as a GCP API key; the Gemini context makes it the more specific finding.
    ...contextual(
      "google-ai-key",
      "Google AI Studio / Gemini API key (AIza...) next to a gemini/google-ai name",
      near("gemini|google_?ai|generativelanguage|palm_?api", String.raw`AIza[0-9A-Za-z_\-]{35}`, 40),
      "AIza",
      39,
    ),
    priority: PRIORITY.prefixed + 2,
  },
  prefixed(
    {
      id: "huggingface-token",
      set,
      description: "Hugging Face user / org token (hf_, api_org_)",
      pattern: String.raw`\b(?:hf_|api_org_)[A-Za-z]{34}\b`,
      maxLen: 42,
    },
    3,
    3.5,
  ),
  contextual(
    "cohere-api-key",
    "Cohere API key (40 chars) next to a cohere/co_api_key name",
    assigned("cohere|co_?api_?key", "[A-Za-z0-9]{40}"),
    "(?i:cohere|co_?api)",
    40,
  ),
  prefixed(
    { id: "replicate-api-token", set, description: "Replicate API token (r8_)", pattern: String.raw`\br8_[A-Za-z0-9]{37}\b`, maxLen: 40 },
    3,
  ),
  prefixed(
    { id: "groq-api-key", set, description: "Groq API key (gsk_)", pattern: String.raw`\bgsk_[A-Za-z0-9]{52}\b`, maxLen: 56 },
    4,
    3.5,
  ),
  prefixed(
    { id: "perplexity-api-key", set, description: "Perplexity API key (pplx-)", pattern: String.raw`\bpplx-[A-Za-z0-9]{48}\b`, maxLen: 53 },
    5,
    3.5,
  ),
  contextual(
    "mistral-api-key",
    "Mistral API key (32 chars) next to a mistral name",
    assigned("mistral", "[A-Za-z0-9]{32}"),
    "(?i:mistral)",
    32,
  ),
  prefixed(
    { id: "xai-api-key", set, description: "xAI (Grok) API key (xai-)", pattern: String.raw`\bxai-[A-Za-z0-9]{80}\b`, maxLen: 84 },
    4,
    4,
  ),
  contextual(
    "deepseek-api-key",
    "DeepSeek API key (sk- + 32 hex) next to a deepseek name",
    near("deepseek", "sk-[a-f0-9]{32}", 40),
    "(?i:deepseek)",
    35,
  ),
  prefixed(
    {
      id: "openrouter-api-key",
      set,
      description: "OpenRouter API key (sk-or-v1-)",
      pattern: String.raw`\bsk-or-v1-[a-f0-9]{64}\b`,
      maxLen: 73,
    },
    9,
  ),
  prefixed(
    {
      id: "langsmith-api-key",
      set,
      description: "LangSmith personal / service key (lsv2_pt_, lsv2_sk_)",
      pattern: String.raw`\blsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10}\b`,
      maxLen: 51,
    },
    8,
  ),
  prefixed(
    {
      id: "pinecone-api-key",
      set,
      description: "Pinecone API key (pcsk_)",
      pattern: String.raw`\bpcsk_[A-Za-z0-9]{4,8}_[A-Za-z0-9]{50,80}\b`,
      maxLen: 95,
    },
    5,
    3.5,
  ),
  contextual(
    "azure-openai-key",
    "Azure OpenAI key (32 hex) next to an azure openai key name",
    assigned("azure_?openai.{0,12}?key|AOAI_?KEY", "[a-f0-9]{32}"),
    "(?i:azure_?openai|aoai)",
    32,
  ),
  contextual(
    "elevenlabs-api-key",
    "ElevenLabs API key (sk_ + 48 hex) next to an elevenlabs/xi-api-key name",
    near("elevenlabs|xi-api-key|xi_api_key", "sk_[a-f0-9]{48}", 40),
    "(?i:elevenlabs|xi.api.key)",
    51,
  ),
];
