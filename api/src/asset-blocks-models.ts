import { z } from "zod";
import { assetRef, authRef, objectName, url, URL_RULE } from "./common.js";
import { digest, modelName, providerName } from "./asset-block-parts.js";

// Typed blocks of the model-serving asset types: LLMEndpoint, EmbeddingModel, FineTunedModel,
// SelfHostedModel and ModelProvider.

export const llmEndpoint = z
  .object({
    url: url.describe(`Base URL of the API, e.g. https://api.openai.com/v1; scans send their probes here. ${URL_RULE}`),
    provider: providerName,
    apiStyle: z
      .enum(["openai", "anthropic"])
      .default("openai")
      .describe("Wire protocol the endpoint speaks: openai (Chat Completions compatible) or anthropic (Messages API). Defaults to openai."),
    model: modelName.describe("Model requested from the endpoint, e.g. gpt-4o-mini."),
    auth: authRef.optional(),
    systemPromptRef: z
      .object({
        configMapName: objectName.describe("Name of the ConfigMap, in the asset's namespace."),
        key: z.string().min(1).max(253).describe("Key in the ConfigMap's data holding the prompt text."),
      })
      .optional()
      .describe("ConfigMap key holding the system prompt the application sends, so scans can test it as deployed."),
  })
  .describe("An LLM API endpoint an application calls.");

export const embeddingModel = z
  .object({
    provider: providerName,
    model: modelName.describe("Embedding model name, e.g. text-embedding-3-small."),
    dimensions: z
      .number()
      .int()
      .min(1)
      .max(65536)
      .describe("Length of the vectors the model produces, 1-65536; must match the vector database collection."),
    endpoint: assetRef
      .optional()
      .describe("LLMEndpoint or SelfHostedModel asset serving this model, when it is not called through the provider directly."),
  })
  .describe("A model that turns text into vectors for retrieval.");

export const fineTunedModel = z
  .object({
    baseModel: modelName.describe("Name of the model this one was fine-tuned from, e.g. meta-llama/Llama-3.1-8B-Instruct."),
    baseModelRef: assetRef.optional().describe("AIAsset of the base model, when it is in the inventory; adds a fineTunedFrom relation."),
    method: z
      .enum(["full", "lora", "qlora", "rlhf", "dpo", "other"])
      .describe("Fine-tuning method: full, lora, qlora, rlhf, dpo or other."),
    lineage: z
      .object({
        datasets: z
          .array(assetRef.describe("DataSource asset the model was trained on."))
          .min(1)
          .max(64)
          .describe("DataSource assets used for training, 1-64; each must be a DataSource."),
        trainingJob: z.string().max(256).optional().describe("Identifier of the training run, e.g. a Job or pipeline run name."),
        trainedAt: z.string().max(64).optional().describe("When training finished, in RFC 3339 format."),
      })
      .describe("Where the model came from, for supply-chain and data-poisoning review."),
    artifactUri: url.optional().describe(`Location of the trained weights or adapter, e.g. s3://models/claims-lora/. ${URL_RULE}`),
    digest: digest.optional(),
  })
  .describe("A model fine-tuned from a base model on your data.");

export const selfHostedModel = z
  .object({
    runtime: z
      .enum(["vllm", "tgi", "ollama", "triton", "llamacpp", "kserve", "ray-serve", "other"])
      .describe("Serving runtime: vllm, tgi, ollama, triton, llamacpp, kserve, ray-serve or other."),
    model: modelName.describe("Model the runtime serves, e.g. meta-llama/Llama-3.1-8B-Instruct."),
    url: url.optional().describe(`URL the runtime serves its API on, e.g. http://llama.ml.svc:8000/v1. ${URL_RULE}`),
    workloadRef: z
      .object({
        kind: z
          .enum(["Deployment", "StatefulSet", "DaemonSet", "InferenceService", "Pod"])
          .describe("Kind of the workload: Deployment, StatefulSet, DaemonSet, InferenceService or Pod."),
        name: objectName.describe("Name of the workload."),
      })
      .optional()
      .describe("Workload in the asset's namespace that runs the model."),
    weights: z
      .object({
        uri: url.describe(`Where the weights are loaded from, e.g. s3://models/llama-3.1-8b/. ${URL_RULE}`),
        digest: digest.optional(),
      })
      .optional()
      .describe("Where the model weights come from, for supply-chain review."),
  })
  .describe("A model served from inside your infrastructure.");

export const modelProvider = z
  .object({
    provider: providerName,
    baseUrl: url
      .optional()
      .describe(`API base URL, when it differs from the provider's default, e.g. a regional or private endpoint. ${URL_RULE}`),
    region: z.string().max(64).optional().describe("Provider region used, e.g. us or eu-west-1."),
    dataResidency: z.string().max(64).optional().describe("Where the provider stores and processes your data, as agreed, e.g. US or EU."),
    zeroDataRetention: z
      .boolean()
      .default(false)
      .describe("Whether a zero-data-retention agreement covers this account. Defaults to false."),
    auth: authRef.optional(),
  })
  .describe("A company whose hosted models are used, with the account's data-handling terms.");
