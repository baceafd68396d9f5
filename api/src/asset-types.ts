import { agent, aiApplication, mcpServer, promptGateway, tool } from "./asset-blocks-agents.js";
import { dataSource, ragSystem, vectorDatabase } from "./asset-blocks-data.js";
import { embeddingModel, fineTunedModel, llmEndpoint, modelProvider, selfHostedModel } from "./asset-blocks-models.js";

// The typed blocks live in one file per group (models, agents, data) to keep each file readable
// now that every field carries its `kubectl explain` description.

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

export {
  agent,
  aiApplication,
  dataSource,
  embeddingModel,
  fineTunedModel,
  llmEndpoint,
  mcpServer,
  modelProvider,
  promptGateway,
  ragSystem,
  selfHostedModel,
  tool,
  vectorDatabase,
};

export const typedBlocks = {
  llmEndpoint,
  agent,
  tool,
  mcpServer,
  ragSystem,
  vectorDatabase,
  embeddingModel,
  fineTunedModel,
  selfHostedModel,
  modelProvider,
  dataSource,
  promptGateway,
  aiApplication,
};
