import { z } from "zod";

// Pieces several typed blocks share (see asset-types.ts for the blocks themselves).

export const providerName = z
  .enum([
    "openai",
    "anthropic",
    "azure-openai",
    "bedrock",
    "vertex",
    "google",
    "mistral",
    "cohere",
    "huggingface",
    "ollama",
    "vllm",
    "self-hosted",
    "other",
  ])
  .describe(
    "Who serves the model: a hosted provider (openai, anthropic, azure-openai, bedrock, vertex, google, mistral, cohere, huggingface), a local runtime (ollama, vllm, self-hosted), or other.",
  );

export const sideEffects = z
  .enum(["none", "read", "write", "destructive"])
  .describe(
    "Worst effect a call can have outside the model: none, read (reads data), write (changes data) or destructive (deletes data or cannot be undone). Drives the risk of excessive agency.",
  );

export const toolScopes = z
  .array(z.string().min(1).max(128))
  .max(32)
  .optional()
  .describe("Permissions the tool's credentials grant, e.g. orders:read, at most 32.");

export const toolDecl = z
  .object({
    name: z.string().min(1).max(128).describe("Tool name as the model sees it in tool calls, e.g. lookup_order."),
    scopes: toolScopes,
    sideEffects: sideEffects.default("read").describe(`${sideEffects.description ?? ""} Defaults to read.`),
  })
  .describe("A tool the model can call.");

export const digest = z
  .string()
  .regex(/^sha256:[a-f0-9]{64}$/)
  .describe("Content digest `sha256:` followed by 64 lower-case hex digits, to pin the exact artifact.");

export const modelName = z
  .string()
  .min(1)
  .max(256)
  .describe("Model name as the provider or runtime names it, e.g. gpt-4o-mini or meta-llama/Llama-3.1-8B-Instruct.");
