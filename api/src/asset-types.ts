import { z } from "zod";
import { assetRef, authRef, objectName, shortText, url } from "./common.js";

/** The 13 AI asset types, each with the name of its typed block in spec. */
export const ASSET_TYPES = {
  LLMEndpoint: "llmEndpoint",
  Agent: "agent",
  Tool: "tool",
  MCPServer: "mcpServer",
  RAGSystem: "ragSystem",
  VectorDatabase: "vectorDatabase",
  EmbeddingModel: "embeddingModel",
  FineTunedModel: "fineTunedModel",
  SelfHostedModel: "selfHostedModel",
  ModelProvider: "modelProvider",
  DataSource: "dataSource",
  PromptGateway: "promptGateway",
  AIApplication: "aiApplication",
} as const;
export type AssetType = keyof typeof ASSET_TYPES;
export const assetTypeNames = Object.keys(ASSET_TYPES) as [AssetType, ...AssetType[]];

const providerName = z.enum([
  "openai", "anthropic", "azure-openai", "bedrock", "vertex", "google", "mistral", "cohere",
  "huggingface", "ollama", "vllm", "self-hosted", "other",
]);

const toolDecl = z.object({
  name: z.string().min(1).max(128),
  scopes: z.array(z.string().min(1).max(128)).max(32).optional(),
  sideEffects: z.enum(["none", "read", "write", "destructive"]).default("read"),
});

const digest = z.string().regex(/^sha256:[a-f0-9]{64}$/);

export const llmEndpoint = z.object({
  url,
  provider: providerName,
  apiStyle: z.enum(["openai", "anthropic"]).default("openai"),
  model: z.string().min(1).max(256),
  auth: authRef.optional(),
  systemPromptRef: z.object({ configMapName: objectName, key: z.string().min(1).max(253) }).optional(),
});

export const agent = z.object({
  framework: z.enum(["langchain", "langgraph", "llamaindex", "autogen", "crewai", "semantic-kernel", "openai-agents", "custom"]),
  autonomy: z.enum(["supervised", "semi-autonomous", "autonomous"]),
  url: url.optional().describe("agent API to probe, if it exposes one"),
  tools: z.array(toolDecl).max(128).optional(),
  memory: z.object({ kind: z.enum(["none", "session", "persistent"]), store: shortText.optional() }).optional(),
  humanApproval: z.boolean().default(false).describe("high-impact actions require a human in the loop"),
});

export const tool = z.object({
  kind: z.enum(["function", "http", "code-exec", "shell", "browser", "database", "filesystem", "email"]),
  endpoint: url.optional(),
  scopes: z.array(z.string().min(1).max(128)).max(32).optional(),
  sideEffects: z.enum(["none", "read", "write", "destructive"]),
});

export const mcpServer = z
  .object({
    transport: z.enum(["stdio", "sse", "streamable-http"]),
    url: url.optional(),
    command: z.array(z.string().min(1).max(1024)).min(1).max(32).optional().describe("argv for stdio servers"),
    package: z.string().max(214).optional().describe("npm/PyPI package the server comes from"),
    version: z.string().max(64).optional(),
    tools: z.array(toolDecl).max(256).optional(),
    auth: authRef.optional(),
  })
  .meta({
    "x-kubernetes-validations": [
      { rule: "self.transport == 'stdio' ? has(self.command) : has(self.url)", message: "stdio servers need command; sse and streamable-http need url", fieldPath: ".transport" },
    ],
  });

export const ragSystem = z.object({
  embeddingModel: assetRef.describe("EmbeddingModel asset"),
  vectorDatabase: assetRef.describe("VectorDatabase asset"),
  dataSources: z.array(assetRef).max(64).optional(),
  generator: assetRef.optional().describe("LLMEndpoint that answers over retrieved context"),
  retrieval: z.object({ topK: z.number().int().min(1).max(1000).default(5), collection: shortText.optional() }).optional(),
});

export const vectorDatabase = z.object({
  engine: z.enum(["pgvector", "qdrant", "weaviate", "milvus", "pinecone", "chroma", "elasticsearch", "opensearch", "redis", "other"]),
  url,
  auth: authRef.optional(),
  collections: z.array(z.string().min(1).max(253)).max(256).optional(),
  tenancy: z.enum(["single", "namespace", "collection", "row-level"]).default("single"),
  encryptionAtRest: z.boolean().optional(),
});

export const embeddingModel = z.object({
  provider: providerName,
  model: z.string().min(1).max(256),
  dimensions: z.number().int().min(1).max(65536),
  endpoint: assetRef.optional().describe("LLMEndpoint or SelfHostedModel serving it"),
});

export const fineTunedModel = z.object({
  baseModel: z.string().min(1).max(256),
  baseModelRef: assetRef.optional(),
  method: z.enum(["full", "lora", "qlora", "rlhf", "dpo", "other"]),
  lineage: z.object({
    datasets: z.array(assetRef).min(1).max(64).describe("DataSource assets used for training"),
    trainingJob: shortText.optional(),
    trainedAt: z.string().max(64).optional(),
  }),
  artifactUri: url.optional(),
  digest: digest.optional(),
});

export const selfHostedModel = z.object({
  runtime: z.enum(["vllm", "tgi", "ollama", "triton", "llamacpp", "kserve", "ray-serve", "other"]),
  model: z.string().min(1).max(256),
  url: url.optional(),
  workloadRef: z.object({ kind: z.enum(["Deployment", "StatefulSet", "DaemonSet", "InferenceService", "Pod"]), name: objectName }).optional(),
  weights: z.object({ uri: url, digest: digest.optional() }).optional(),
});

export const modelProvider = z.object({
  provider: providerName,
  baseUrl: url.optional(),
  region: z.string().max(64).optional(),
  dataResidency: z.string().max(64).optional(),
  zeroDataRetention: z.boolean().default(false),
  auth: authRef.optional(),
});

export const dataSource = z.object({
  kind: z.enum(["s3", "gcs", "azure-blob", "postgres", "mysql", "http", "confluence", "sharepoint", "git", "filesystem", "other"]),
  uri: url,
  classification: z.enum(["public", "internal", "confidential", "restricted"]),
  containsPII: z.boolean().default(false),
});

export const promptGateway = z.object({
  url,
  product: z.enum(["aispm", "litellm", "kong", "portkey", "cloudflare", "envoy", "other"]).default("aispm"),
  policyRef: z.object({ name: objectName }).optional().describe("GatewayPolicy enforced by it"),
});

export const aiApplication = z.object({
  exposure: z.enum(["internal", "partner", "public"]),
  userFacing: z.boolean().default(true),
  components: z.array(assetRef).max(128).optional(),
  url: url.optional(),
});

export const typedBlocks = {
  llmEndpoint, agent, tool, mcpServer, ragSystem, vectorDatabase, embeddingModel,
  fineTunedModel, selfHostedModel, modelProvider, dataSource, promptGateway, aiApplication,
};
